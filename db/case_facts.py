"""What the review list filters on, worked out once from a pushed case's payload.

A received case never changes, so everything the review list, the dashboard and the
signals ask of its payload can be computed when it is stored and kept in plain columns
of ``return_case`` (indexable, no JSON read per row):

- ``sla_breached``: the first response (or the finalisation, when none was recorded)
  came after it was due;
- ``outside_policy``: a supervisor approved something outside the returns policy (any
  approval but an identity override);
- ``goodwill``: declined with a goodwill gesture, or goodwill above the budget approved;
- ``goodwill_cents``: the goodwill value the counter sent (``case.goodwill_cents``) when it
  is a whole number, else 0 (older counters send none); the dashboard sums it over the
  goodwill cases;
- ``search_text``: the customer's words, the stated and real reason, the condition and
  resolution notes and the case number, one per line, in ``searchable`` form (lower-case,
  each Chinese character written twice): what search looks in, with the words searched
  for in the same form. Doubling keeps substring matches exact and lets a trigram index
  (PostgreSQL's pg_trgm) find two-character words like 拉链, which have no trigram.

Pure: no database, no clock. ``facts(payload)`` gives column name -> value; push passes
them with the row (``ReceivedCase(**columns, **facts(payload))``, through
``server.case_facts``). It lives in db/ because the schema needs it too: the columns'
defaults (db/central.py) call it for any insert that leaves them out, and migrations 0003
and 0004 (``goodwill_cents``) backfilled the cases stored before with it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

# What search looks through (and, with the case number, the order of the lines).
SEARCH_FIELDS = (
    "customer_words",
    "stated_reason",
    "real_reason",
    "condition_notes",
    "resolution_notes",
)
FACT_COLUMNS = ("sla_breached", "outside_policy", "goodwill", "goodwill_cents", "search_text")
# Supervisor approvals that are not an exception to the returns policy.
NOT_OUTSIDE_POLICY = frozenset({"identity_override"})
GOODWILL_RESOLUTION = "decline_goodwill"
GOODWILL_APPROVAL = "goodwill_above_budget"
BIGINT_MAX = 2**63 - 1
# CJK unified ideographs (and extension A): written without spaces, searched in pairs.
_CJK = re.compile("([\u3400-\u4dbf\u4e00-\u9fff])")


def searchable(text: str) -> str:
    """Lower-case, each CJK character doubled: "拉链 Zip" -> "拉拉链链 zip".

    A word is in a text exactly when its searchable form is in the text's: a doubled
    character can only be matched from its first copy (the copy after it is the same
    character), so no match starts half-way through a pair.
    """
    return _CJK.sub(r"\1\1", text.lower())


def _instant(value: Any) -> datetime | None:
    """An ISO 8601 time as an aware datetime (no offset: UTC); None for anything else.

    The wire also accepts a number for a time; such a case is never counted late, as
    the SQL this replaces did (its time test was NULL there, and NULL is not late).
    """
    if not isinstance(value, str) or len(value) < 16:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def sla_breached(case: dict[str, Any]) -> bool:
    """First response (or finalisation when none was recorded) after it was due."""
    answered = case.get("first_response_at")
    if answered is None:
        answered = case.get("finalised_at")
    at, due = _instant(answered), _instant(case.get("first_response_due_at"))
    return at is not None and due is not None and at > due


def approvals(payload: dict[str, Any]) -> list[str]:
    """The reasons of the supervisor approvals in the audit trail ("" when none given)."""
    found = []
    for event in payload.get("audit") or []:
        if isinstance(event, dict) and event.get("action") == "approved":
            detail = event.get("detail")
            reason = detail.get("reason") if isinstance(detail, dict) else None
            found.append(reason if isinstance(reason, str) else "")
    return found


def goodwill_cents(case: dict[str, Any]) -> int:
    """The goodwill value sent, in cents: a JSON number with no fraction (what the wire's
    integer field accepts), else 0 — the same as the sum over the payload's numbers the
    dashboard made before this was a column."""
    value = case.get("goodwill_cents")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    if isinstance(value, float):
        if not value.is_integer():
            return 0
        value = int(value)
    return value if -BIGINT_MAX <= value <= BIGINT_MAX else 0


def search_text(case: dict[str, Any]) -> str:
    """What search looks in: the texts in searchable form, one per line (a search term
    never holds a line break, so no term can match across two of them)."""
    texts = [case.get(name) for name in (*SEARCH_FIELDS, "case_no")]
    return "\n".join(searchable(t) for t in texts if isinstance(t, str) and t)


def facts(payload: dict[str, Any] | str) -> dict[str, Any]:
    """Column name -> value for a case's payload (the wire dict, or its JSON text)."""
    if isinstance(payload, str):
        payload = json.loads(payload)
    assert isinstance(payload, dict)
    case = payload.get("case")
    if not isinstance(case, dict):
        case = {}
    approved = approvals(payload)
    return {
        "sla_breached": sla_breached(case),
        "outside_policy": any(r not in NOT_OUTSIDE_POLICY for r in approved),
        "goodwill": case.get("resolution") == GOODWILL_RESOLUTION or GOODWILL_APPROVAL in approved,
        "goodwill_cents": goodwill_cents(case),
        "search_text": search_text(case),
    }
