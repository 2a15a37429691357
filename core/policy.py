"""The store's returns policy: read whole from TOML, checked, and applied by pure functions."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import UserError
from core.paths import resources_dir

# --- Vocabulary shared with the database and the screens ---------------------

CATEGORIES: tuple[str, ...] = ("ordinary", "fresh", "medicine", "electronics", "underwear")
CHANNELS: tuple[str, ...] = ("counter", "phone", "app_chat", "video_comment", "other")
EMOTIONS: tuple[str, ...] = ("calm", "anxious", "upset", "angry")
PRIORITIES: tuple[str, ...] = ("normal", "high", "urgent")  # ascending
REASONS: tuple[str, ...] = (
    "quality",
    "logistics",
    "size_colour",
    "not_as_described",
    "wrong_item",
    "missing_parts",
    "changed_mind",
    "other",
)
RESOLUTIONS: tuple[str, ...] = (
    "refund",
    "exchange",
    "replacement",
    "repair",
    "store_credit",
    "decline_goodwill",
)
# What a category can demand of returned goods before they are resold.
CONDITION_CHECKS: tuple[str, ...] = ("packaging", "tags", "seal", "unused")

DECLINE_GOODWILL = "decline_goodwill"
POLICY_FILE = "policy.toml"
SCHEMA_VERSION = 1


class ConditionIssue(StrEnum):
    """Why goods cannot be resold (codes in ``ConditionAssessment.reasons``)."""

    PACKAGING_MISSING = "packaging_missing"
    TAGS_REMOVED = "tags_removed"
    SEAL_BROKEN = "seal_broken"
    SIGNS_OF_USE = "signs_of_use"


class WhyNot(StrEnum):
    """Why an option is refused or needs approval (codes in ``Eligibility.why_not``)."""

    # Hard refusals: no supervisor can grant these.
    NOT_ALLOWED_FOR_REASON = "not_allowed_for_reason"
    NO_REASON_NOT_ACCEPTED = "no_reason_not_accepted"
    OPENED_NOT_RETURNABLE = "opened_not_returnable"
    # Outside policy: a supervisor may approve (same codes as ApprovalReason).
    OUTSIDE_WINDOW = "outside_window"
    NOT_RESALEABLE = "not_resaleable"


class ApprovalReason(StrEnum):
    """Why a supervisor's PIN and written reason are needed."""

    OUTSIDE_WINDOW = "outside_window"
    NOT_RESALEABLE = "not_resaleable"
    REFUND_ABOVE_LIMIT = "refund_above_limit"
    IDENTITY_OVERRIDE = "identity_override"
    GOODWILL_ABOVE_BUDGET = "goodwill_above_budget"


def priority_rank(priority: str) -> int:
    """Position of ``priority`` in PRIORITIES (higher is more pressing)."""
    try:
        return PRIORITIES.index(priority)
    except ValueError:
        raise ValueError(f"unknown priority {priority!r}") from None


class PolicyError(UserError):
    """The policy file cannot be used; the message names the file, line and problem."""

    def __init__(self, message: str, *, source: str = POLICY_FILE, line: int | None = None):
        super().__init__(message)
        self.source = source
        self.line = line


# --- Results ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReturnWindow:
    """``amount`` calendar days in the store's zone, or ``amount`` elapsed hours."""

    amount: int
    unit: str  # "days" | "hours"

    @property
    def nominal(self) -> timedelta:
        return timedelta(days=self.amount) if self.unit == "days" else timedelta(hours=self.amount)


@dataclass(frozen=True, slots=True)
class WindowStatus:
    """Where a return stands against its window.

    ``remaining`` is negative once outside. ``deadline`` is in the store's zone
    and is itself still within. ``extended`` means within only thanks to the
    category's longer window for quality faults, which allows fewer options.
    """

    within: bool
    remaining: timedelta
    deadline: datetime
    extended: bool = False


@dataclass(frozen=True, slots=True)
class ConditionAssessment:
    resaleable: bool
    reasons: tuple[str, ...]  # ConditionIssue codes, empty when resaleable


@dataclass(frozen=True, slots=True)
class Eligibility:
    """One resolution for one case.

    ``allowed`` False is a hard no. ``allowed`` and ``needs_approval`` means
    only with a supervisor. ``why_not`` holds every WhyNot code that applies,
    hard refusals first; it is empty exactly when the option is freely allowed.
    """

    allowed: bool
    needs_approval: bool
    why_not: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PrioritySuggestion:
    priority: str
    matched_keywords: tuple[str, ...]  # as written in the policy, in order of appearance


@dataclass(frozen=True, slots=True)
class CategoryRule:
    code: str
    window: ReturnWindow
    condition: tuple[str, ...]  # CONDITION_CHECKS the goods must pass to be resold
    no_reason_returns: bool
    no_return_once_opened: bool
    fault_window: ReturnWindow | None
    fault_window_resolutions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReasonRule:
    code: str
    allowed: tuple[str, ...]  # always contains "decline_goodwill"
    default_priority: str
    photo_required: bool
    no_reason: bool
    fault: bool


@dataclass(frozen=True, slots=True)
class _Keyword:
    priority: str
    word: str
    pattern: re.Pattern[str]


# --- The policy ---------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """A complete, checked policy. Immutable: build one with parse_policy/load_policy."""

    source: str
    normal_first_response_minutes: int
    urgent_first_response_minutes: int
    reminder_minutes: int
    urgent_categories: frozenset[str]
    refund_limit_cents: int
    goodwill_budget_cents: int
    keywords: Mapping[str, tuple[str, ...]]  # priority -> keywords as written
    categories: Mapping[str, CategoryRule]  # in policy order
    reasons: Mapping[str, ReasonRule]  # in policy order: the order staff see them
    _keywords: tuple[_Keyword, ...] = field(repr=False, compare=False, default=())

    # SLA ------------------------------------------------------------------

    def first_response_minutes(self, urgent_goods: bool) -> int:
        return (
            self.urgent_first_response_minutes
            if urgent_goods
            else self.normal_first_response_minutes
        )

    def is_urgent_goods(self, category: str) -> bool:
        self._category(category)
        return category in self.urgent_categories

    # Window ---------------------------------------------------------------

    def window_status(
        self,
        category: str,
        delivered_at: datetime,
        now: datetime,
        tz: str | tzinfo,
        *,
        reason: str | None = None,
    ) -> WindowStatus:
        """The return window of ``category`` for goods delivered at ``delivered_at``.

        Both datetimes must be timezone-aware (any zone); ``tz`` is the store's
        zone (IANA name). Day windows follow the store's calendar: the deadline
        is the same local clock time N days later, across DST (where that time
        is skipped or repeated, the later moment counts, in the customer's
        favour). Hour windows are elapsed hours. The deadline is inclusive.
        With a fault ``reason``, a category's fault window applies once the
        ordinary window has passed (``extended=True``).
        """
        rule = self._category(category)
        fault = reason is not None and self._reason(reason).fault
        _require_aware(delivered_at, "delivered_at")
        _require_aware(now, "now")
        zone = _zone(tz)
        now_utc = now.astimezone(UTC)
        deadline = _deadline(rule.window, delivered_at, zone)
        extended = False
        if now_utc > deadline and fault and rule.fault_window is not None:
            deadline = _deadline(rule.fault_window, delivered_at, zone)
            extended = True
        within = now_utc <= deadline
        return WindowStatus(
            within=within,
            remaining=deadline.astimezone(UTC) - now_utc,
            deadline=deadline,
            extended=extended and within,
        )

    # Condition ------------------------------------------------------------

    def assess_condition(
        self,
        category: str,
        packaging_kept: bool,
        tags_intact: bool,
        seal_intact: bool,
        signs_of_use: bool,
    ) -> ConditionAssessment:
        """Can the goods be resold? Only the checks the category demands count."""
        demands = self._category(category).condition
        issues: list[str] = []
        if "packaging" in demands and not packaging_kept:
            issues.append(ConditionIssue.PACKAGING_MISSING)
        if "tags" in demands and not tags_intact:
            issues.append(ConditionIssue.TAGS_REMOVED)
        if "seal" in demands and not seal_intact:
            issues.append(ConditionIssue.SEAL_BROKEN)
        if "unused" in demands and signs_of_use:
            issues.append(ConditionIssue.SIGNS_OF_USE)
        return ConditionAssessment(resaleable=not issues, reasons=tuple(issues))

    def photo_required(self, reason: str) -> bool:
        return self._reason(reason).photo_required

    # Priority -------------------------------------------------------------

    def suggest_priority(self, text: str, reason: str | None = None) -> PrioritySuggestion:
        """The reason's default priority, raised by keywords in the customer's words."""
        rank = priority_rank(self._reason(reason).default_priority) if reason is not None else 0
        normalised = _normalise(text)
        hits: list[tuple[int, int, _Keyword]] = []
        for order, keyword in enumerate(self._keywords):
            found = keyword.pattern.search(normalised)
            if found is not None:
                hits.append((found.start(), order, keyword))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        for _, _, keyword in hits:
            rank = max(rank, priority_rank(keyword.priority))
        return PrioritySuggestion(
            priority=PRIORITIES[rank],
            matched_keywords=tuple(dict.fromkeys(keyword.word for _, _, keyword in hits)),
        )

    # Resolution -----------------------------------------------------------

    def eligible_resolutions(
        self,
        reason: str,
        category: str,
        window: WindowStatus,
        condition: ConditionAssessment,
    ) -> dict[str, Eligibility]:
        """Every resolution, judged: the reason's own list first, in its order."""
        rule = self._reason(reason)
        goods = self._category(category)
        hard: list[str] = []
        soft: list[str] = []
        # 7天无理由 is a privilege of some categories, and only for goods that can
        # go back on the shelf; faults are the store's problem whatever the state.
        if rule.no_reason:
            if not goods.no_reason_returns:
                hard.append(WhyNot.NO_REASON_NOT_ACCEPTED)
            if goods.no_return_once_opened and ConditionIssue.SEAL_BROKEN in condition.reasons:
                hard.append(WhyNot.OPENED_NOT_RETURNABLE)
            if not condition.resaleable:
                soft.append(WhyNot.NOT_RESALEABLE)

        order = rule.allowed + tuple(r for r in RESOLUTIONS if r not in rule.allowed)
        result: dict[str, Eligibility] = {}
        for resolution in order:
            if resolution == DECLINE_GOODWILL:
                # Saying no kindly is always possible (the source cleaned a
                # sweat-marked jacket for free and sent it back).
                result[resolution] = Eligibility(allowed=True, needs_approval=False, why_not=())
                continue
            why_hard = list(hard)
            if resolution not in rule.allowed:
                why_hard.insert(0, WhyNot.NOT_ALLOWED_FOR_REASON)
            why_soft = list(soft)
            if not _window_covers(window, rule, goods, resolution):
                why_soft.insert(0, WhyNot.OUTSIDE_WINDOW)
            allowed = not why_hard
            result[resolution] = Eligibility(
                allowed=allowed,
                needs_approval=allowed and bool(why_soft),
                why_not=tuple(why_hard + why_soft),
            )
        return result

    def approvals_needed(
        self,
        *,
        reason: str,
        category: str,
        resolution: str,
        window: WindowStatus,
        condition: ConditionAssessment,
        refund_cents: int = 0,
        goodwill_cents: int = 0,
        identity_override: bool = False,
    ) -> tuple[ApprovalReason, ...]:
        """What a supervisor must sign off for this resolution (empty: nothing).

        ``refund_cents`` is the money or store credit given back for the goods,
        ``goodwill_cents`` the value of any extra gesture; an amount equal to
        the limit needs no approval. Raises ValueError for an option that is a
        hard no (see eligible_resolutions), since no approval can make it right.
        """
        if resolution not in RESOLUTIONS:
            raise ValueError(f"unknown resolution {resolution!r}")
        if refund_cents < 0 or goodwill_cents < 0:
            raise ValueError("amounts cannot be negative")
        verdict = self.eligible_resolutions(reason, category, window, condition)[resolution]
        if not verdict.allowed:
            raise ValueError(
                f"{resolution} cannot be offered for {reason}/{category}: "
                + ", ".join(verdict.why_not)
            )
        needed = {ApprovalReason(code) for code in verdict.why_not}
        if refund_cents > self.refund_limit_cents:
            needed.add(ApprovalReason.REFUND_ABOVE_LIMIT)
        if identity_override:
            needed.add(ApprovalReason.IDENTITY_OVERRIDE)
        if goodwill_cents > self.goodwill_budget_cents:
            needed.add(ApprovalReason.GOODWILL_ABOVE_BUDGET)
        return tuple(code for code in ApprovalReason if code in needed)

    # Lookups --------------------------------------------------------------

    def _category(self, code: str) -> CategoryRule:
        try:
            return self.categories[code]
        except KeyError:
            raise ValueError(f"unknown goods category {code!r}") from None

    def _reason(self, code: str) -> ReasonRule:
        try:
            return self.reasons[code]
        except KeyError:
            raise ValueError(f"unknown reason category {code!r}") from None


def _window_covers(
    window: WindowStatus, reason: ReasonRule, goods: CategoryRule, resolution: str
) -> bool:
    if not window.within:
        return False
    if not window.extended:
        return True
    # The longer fault window (三包) earns a fix, not the money back.
    return reason.fault and resolution in goods.fault_window_resolutions


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")


def _zone(tz: str | tzinfo) -> tzinfo:
    if not isinstance(tz, str):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r}") from None


def _deadline(window: ReturnWindow, delivered_at: datetime, zone: tzinfo) -> datetime:
    # Arithmetic on aware datetimes sharing a tzinfo is wall-clock arithmetic in
    # Python, so elapsed time is always computed in UTC.
    if window.unit == "hours":
        return (delivered_at.astimezone(UTC) + timedelta(hours=window.amount)).astimezone(zone)
    # Via UTC, so a clock time that never existed (given in the store's own zone)
    # reads as the real moment it stands for.
    local = delivered_at.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    local += timedelta(days=window.amount)
    latest = max(local.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))
    return latest.astimezone(zone)


def _normalise(text: str) -> str:
    # Staff and customers type full-width letters on Chinese keyboards.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


_LATIN = re.compile(r"[a-z0-9]")


def _keyword_pattern(normalised: str) -> re.Pattern[str]:
    # Latin words match whole words ("kid" is not "kidding"); Chinese has no
    # spaces, so its keywords match anywhere.
    start = r"(?<![a-z0-9])" if _LATIN.fullmatch(normalised[0]) else ""
    end = r"(?![a-z0-9])" if _LATIN.fullmatch(normalised[-1]) else ""
    return re.compile(start + re.escape(normalised) + end)


# --- Loading ------------------------------------------------------------------


def load_policy(path: Path | None = None) -> Policy:
    """Read and check the policy file (default: the bundled resources/policy.toml)."""
    if path is None:
        path = resources_dir() / POLICY_FILE
    source = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyError(
            f"{source}: cannot read the policy file ({exc.strerror or exc})", source=source
        ) from None
    try:
        # utf-8-sig: Windows Notepad saves a byte-order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyError(
            f"{source} line {line}: the file is not UTF-8 text; save it as UTF-8",
            source=source,
            line=line,
        ) from None
    return parse_policy(text, source)


def parse_policy(text: str, source: str = POLICY_FILE) -> Policy:
    """Check ``text`` as a whole policy; raise PolicyError naming the first problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, source) from None
    return _Checker(text, source).policy(data)


_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column \d+|at end of document)\)\s*$")


def _syntax_error(exc: tomllib.TOMLDecodeError, text: str, source: str) -> PolicyError:
    line: int | None = getattr(exc, "lineno", None)  # Python 3.14+ has lineno and msg
    message: str = getattr(exc, "msg", None) or str(exc)
    position = _TOML_POSITION.search(message)
    if position is not None:  # Python 3.11-3.13 only put the position in the text
        message = message[: position.start()]
        if line is None:
            line = int(position.group(1)) if position.group(1) else text.count("\n") + 1
    problem = message[:1].lower() + message[1:]
    where = f"{source} line {line}" if line is not None else source
    return PolicyError(f"{where}: not valid TOML: {problem}", source=source, line=line)


def _dotted(path: Iterable[str]) -> str:
    return ".".join(path)


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f'"{value}"' for value in values)


_KeyPath = tuple[str, ...]


class _Checker:
    """Turns parsed TOML into a Policy, or fails at the first problem with its line."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._lines: dict[_KeyPath, int] | None = None

    # Reporting ------------------------------------------------------------

    def fail(self, path: _KeyPath, problem: str) -> NoReturn:
        line = self.line_of(path)
        where = f"{self.source} line {line}" if line is not None else self.source
        raise PolicyError(f"{where}: {problem}", source=self.source, line=line)

    def line_of(self, path: _KeyPath) -> int | None:
        """Line of ``path``, or of its nearest enclosing table/key that is written down."""
        if self._lines is None:
            try:
                self._lines = _key_lines(self.text)
            except (IndexError, AttributeError, ValueError):  # never hide the real problem
                self._lines = {}
        for size in range(len(path), 0, -1):
            line = self._lines.get(path[:size])
            if line is not None:
                return line
        return None

    # Typed access ---------------------------------------------------------

    def table(self, data: Mapping[str, Any], path: _KeyPath, key: str) -> dict[str, Any]:
        if key not in data:
            self.fail(path + (key,), f"missing required table [{_dotted(path + (key,))}]")
        value = data[key]
        if not isinstance(value, dict):
            self.fail(path + (key,), f"{_dotted(path + (key,))} must be a table")
        return value

    def keys(
        self,
        table: Mapping[str, Any],
        path: _KeyPath,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> None:
        required = tuple(required)
        known = set(required) | set(optional)
        for key in table:
            if key not in known:
                self.fail(path + (key,), f"unknown key {_dotted(path + (key,))}")
        for key in required:
            if key not in table:
                where = _dotted(path) if path else "the policy"
                self.fail(path, f'{where} is missing required key "{key}"')

    def whole(self, table: Mapping[str, Any], path: _KeyPath, key: str, minimum: int) -> int:
        value = table[key]
        name = _dotted(path + (key,))
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path + (key,), f"{name} must be a whole number, not {value!r}")
        if value < minimum:
            bound = "above zero" if minimum == 1 else f"at least {minimum}"
            self.fail(path + (key,), f"{name} must be {bound}, not {value}")
        return value

    def flag(self, table: Mapping[str, Any], path: _KeyPath, key: str) -> bool:
        value = table[key]
        if not isinstance(value, bool):
            self.fail(path + (key,), f"{_dotted(path + (key,))} must be true or false")
        return value

    def texts(self, table: Mapping[str, Any], path: _KeyPath, key: str) -> tuple[str, ...]:
        value = table[key]
        name = _dotted(path + (key,))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(path + (key,), f"{name} must be a list of quoted words")
        return tuple(value)

    def codes(
        self,
        table: Mapping[str, Any],
        path: _KeyPath,
        key: str,
        vocabulary: tuple[str, ...],
        kind: str,
        *,
        allow_empty: bool = False,
    ) -> tuple[str, ...]:
        values = self.texts(table, path, key)
        name = _dotted(path + (key,))
        for value in values:
            if value not in vocabulary:
                self.fail(
                    path + (key,),
                    f'{name} names unknown {kind} "{value}" (known: {_quoted(vocabulary)})',
                )
        for index, value in enumerate(values):
            if value in values[:index]:
                self.fail(path + (key,), f'{name} lists "{value}" twice')
        if not values and not allow_empty:
            self.fail(path + (key,), f"{name} must not be empty")
        return values

    def code(
        self,
        table: Mapping[str, Any],
        path: _KeyPath,
        key: str,
        vocabulary: tuple[str, ...],
        kind: str,
    ) -> str:
        value = table[key]
        name = _dotted(path + (key,))
        if not isinstance(value, str):
            self.fail(path + (key,), f"{name} must be a quoted word")
        if value not in vocabulary:
            self.fail(
                path + (key,),
                f'{name} names unknown {kind} "{value}" (known: {_quoted(vocabulary)})',
            )
        return value

    def entries(
        self, data: Mapping[str, Any], name: str, vocabulary: tuple[str, ...], kind: str
    ) -> dict[str, dict[str, Any]]:
        """A table with one sub-table per code: exactly the shared vocabulary."""
        table = self.table(data, (), name)
        for code in table:
            if code not in vocabulary:
                self.fail(
                    (name, code),
                    f"[{name}.{code}] is not a known {kind} (known: {_quoted(vocabulary)})",
                )
            if not isinstance(table[code], dict):
                self.fail((name, code), f"{name}.{code} must be a table")
        for code in vocabulary:
            if code not in table:
                self.fail((name,), f'{name} is missing {kind} "{code}": add [{name}.{code}]')
        return table

    # Sections -------------------------------------------------------------

    def policy(self, data: dict[str, Any]) -> Policy:
        self.keys(data, (), ("version", "sla", "approval", "priority", "categories", "reasons"))
        version = self.whole(data, (), "version", 1)
        if version != SCHEMA_VERSION:
            self.fail(
                ("version",),
                f"version {version} is not supported (this app reads version {SCHEMA_VERSION})",
            )
        # In file order, so the first problem reported is the first in the file.
        sla = self.sla(data)
        limits = self.approval(data)
        keywords, matchers = self.priority(data)
        categories = self.categories(data)
        reasons = self.reasons(data)
        return Policy(
            source=self.source,
            normal_first_response_minutes=sla[0],
            urgent_first_response_minutes=sla[1],
            reminder_minutes=sla[2],
            urgent_categories=frozenset(sla[3]),
            refund_limit_cents=limits[0],
            goodwill_budget_cents=limits[1],
            keywords=MappingProxyType(keywords),
            categories=MappingProxyType(categories),
            reasons=MappingProxyType(reasons),
            _keywords=matchers,
        )

    def sla(self, data: Mapping[str, Any]) -> tuple[int, int, int, tuple[str, ...]]:
        path = ("sla",)
        table = self.table(data, (), "sla")
        self.keys(
            table,
            path,
            (
                "first_response_minutes",
                "urgent_first_response_minutes",
                "reminder_minutes",
                "urgent_categories",
            ),
        )
        normal = self.whole(table, path, "first_response_minutes", 1)
        urgent = self.whole(table, path, "urgent_first_response_minutes", 1)
        reminder = self.whole(table, path, "reminder_minutes", 1)
        if urgent > normal:
            self.fail(
                path + ("urgent_first_response_minutes",),
                f"sla.urgent_first_response_minutes ({urgent}) is longer than "
                f"sla.first_response_minutes ({normal}): urgent goods must be answered sooner",
            )
        urgent_categories = self.codes(
            table, path, "urgent_categories", CATEGORIES, "goods category", allow_empty=True
        )
        return normal, urgent, reminder, urgent_categories

    def approval(self, data: Mapping[str, Any]) -> tuple[int, int]:
        path = ("approval",)
        table = self.table(data, (), "approval")
        self.keys(table, path, ("refund_limit_cents", "goodwill_budget_cents"))
        return (
            self.whole(table, path, "refund_limit_cents", 0),
            self.whole(table, path, "goodwill_budget_cents", 0),
        )

    def priority(
        self, data: Mapping[str, Any]
    ) -> tuple[dict[str, tuple[str, ...]], tuple[_Keyword, ...]]:
        outer = self.table(data, (), "priority")
        self.keys(outer, ("priority",), ("keywords",))
        path = ("priority", "keywords")
        table = self.table(outer, ("priority",), "keywords")
        raising = PRIORITIES[1:]
        for level in table:
            if level == PRIORITIES[0]:
                self.fail(
                    path + (level,),
                    f"priority.keywords.{level}: keywords can only raise a case's priority, "
                    f'and "{level}" is where every case starts',
                )
        self.keys(table, path, raising)
        keywords: dict[str, tuple[str, ...]] = {}
        matchers: list[_Keyword] = []
        seen: dict[str, str] = {}
        for level in raising:
            words = self.texts(table, path, level)
            name = _dotted(path + (level,))
            for word in words:
                normalised = _normalise(word).strip()
                if not normalised:
                    self.fail(path + (level,), f"{name} contains an empty keyword")
                if normalised in seen:
                    self.fail(
                        path + (level,),
                        f'{name} repeats keyword "{word}" (already in {seen[normalised]})',
                    )
                seen[normalised] = name
                matchers.append(_Keyword(level, word, _keyword_pattern(normalised)))
            keywords[level] = words
        return keywords, tuple(matchers)

    def categories(self, data: Mapping[str, Any]) -> dict[str, CategoryRule]:
        rules: dict[str, CategoryRule] = {}
        for code, table in self.entries(data, "categories", CATEGORIES, "goods category").items():
            rules[code] = self.category(code, table)
        return rules

    def category(self, code: str, table: Mapping[str, Any]) -> CategoryRule:
        path = ("categories", code)
        self.keys(
            table,
            path,
            ("condition", "no_reason_returns", "no_return_once_opened"),
            (
                "window_days",
                "window_hours",
                "fault_window_days",
                "fault_window_hours",
                "fault_window_resolutions",
            ),
        )
        window = self.window(table, path, "window")
        if window is None:
            self.fail(path, f"categories.{code} needs a return window: window_days or window_hours")
        condition = self.codes(
            table, path, "condition", CONDITION_CHECKS, "condition check", allow_empty=True
        )
        no_reason_returns = self.flag(table, path, "no_reason_returns")
        once_opened = self.flag(table, path, "no_return_once_opened")
        if once_opened and "seal" not in condition:
            self.fail(
                path + ("no_return_once_opened",),
                f'categories.{code}.no_return_once_opened needs "seal" in '
                f"categories.{code}.condition, or a broken seal could never be noticed",
            )
        fault_window = self.window(table, path, "fault_window")
        fault_resolutions: tuple[str, ...] = ()
        if fault_window is None:
            if "fault_window_resolutions" in table:
                self.fail(
                    path + ("fault_window_resolutions",),
                    f"categories.{code}.fault_window_resolutions is set but there is no "
                    f"fault window (fault_window_days or fault_window_hours)",
                )
        else:
            key = f"fault_window_{fault_window.unit}"
            if fault_window.nominal <= window.nominal:
                self.fail(
                    path + (key,),
                    f"categories.{code}.{key} ({fault_window.amount} {fault_window.unit}) "
                    f"must be longer than the return window "
                    f"({window.amount} {window.unit})",
                )
            if "fault_window_resolutions" not in table:
                self.fail(
                    path + (key,),
                    f"categories.{code} has a fault window but no fault_window_resolutions",
                )
            fault_resolutions = self.codes(
                table, path, "fault_window_resolutions", RESOLUTIONS, "resolution"
            )
        return CategoryRule(
            code=code,
            window=window,
            condition=condition,
            no_reason_returns=no_reason_returns,
            no_return_once_opened=once_opened,
            fault_window=fault_window,
            fault_window_resolutions=fault_resolutions,
        )

    def window(self, table: Mapping[str, Any], path: _KeyPath, prefix: str) -> ReturnWindow | None:
        days, hours = f"{prefix}_days", f"{prefix}_hours"
        if days in table and hours in table:
            self.fail(
                path + (hours,),
                f"{_dotted(path)} sets both {days} and {hours}; keep only one",
            )
        if days in table:
            return ReturnWindow(self.whole(table, path, days, 1), "days")
        if hours in table:
            return ReturnWindow(self.whole(table, path, hours, 1), "hours")
        return None

    def reasons(self, data: Mapping[str, Any]) -> dict[str, ReasonRule]:
        rules: dict[str, ReasonRule] = {}
        for code, table in self.entries(data, "reasons", REASONS, "reason category").items():
            path = ("reasons", code)
            self.keys(
                table,
                path,
                ("allowed", "default_priority", "photo_required", "no_reason", "fault"),
            )
            allowed = self.codes(table, path, "allowed", RESOLUTIONS, "resolution")
            if DECLINE_GOODWILL not in allowed:
                self.fail(
                    path + ("allowed",),
                    f'reasons.{code}.allowed must include "{DECLINE_GOODWILL}": declining '
                    f"with a goodwill gesture is always possible",
                )
            no_reason = self.flag(table, path, "no_reason")
            fault = self.flag(table, path, "fault")
            if no_reason and fault:
                self.fail(
                    path + ("fault",),
                    f"reasons.{code} cannot be both a no-reason return and a fault of the goods",
                )
            rules[code] = ReasonRule(
                code=code,
                allowed=allowed,
                default_priority=self.code(table, path, "default_priority", PRIORITIES, "priority"),
                photo_required=self.flag(table, path, "photo_required"),
                no_reason=no_reason,
                fault=fault,
            )
        # Quality problems come first (问题诊断): nothing may outrank them by default.
        top = priority_rank(rules["quality"].default_priority)
        for code, rule in rules.items():
            if priority_rank(rule.default_priority) > top:
                self.fail(
                    ("reasons", code, "default_priority"),
                    f'reasons.{code}.default_priority "{rule.default_priority}" ranks above '
                    f'reasons.quality ("{rules["quality"].default_priority}"): quality problems '
                    f"must come first",
                )
        return rules


# --- Finding the line of a key in valid TOML ---------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_lines(text: str) -> dict[_KeyPath, int]:
    """First line defining each table/key path (and each of its prefixes)."""
    found: dict[_KeyPath, int] = {}
    table: _KeyPath = ()
    value = _ValueScanner()
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if value.busy:
            value.feed(line)
            continue
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            start = 2 if stripped.startswith("[[") else 1
            table, _ = _parse_key(stripped, start)
            path = table
        else:
            key, end = _parse_key(stripped, 0)
            path = table + key
            value.feed(stripped[end + 1 :])  # past the "="
        for size in range(1, len(path) + 1):
            found.setdefault(path[:size], number)
    return found


def _parse_key(line: str, index: int) -> tuple[_KeyPath, int]:
    parts: list[str] = []
    while True:
        while line[index] in " \t":
            index += 1
        if line[index] == '"':
            end = index + 1
            while line[end] != '"':
                end += 2 if line[end] == "\\" else 1
            parts.append(line[index + 1 : end])
            index = end + 1
        elif line[index] == "'":
            end = line.index("'", index + 1)
            parts.append(line[index + 1 : end])
            index = end + 1
        else:
            match = _BARE_KEY.match(line, index)
            if match is None:
                raise ValueError(f"no key at {line!r}")
            parts.append(match.group())
            index = match.end()
        while index < len(line) and line[index] in " \t":
            index += 1
        if index < len(line) and line[index] == ".":
            index += 1
            continue
        return tuple(parts), index


class _ValueScanner:
    """Follows a value across lines: open brackets and multi-line strings."""

    def __init__(self) -> None:
        self.depth = 0
        self.string_end: str | None = None

    @property
    def busy(self) -> bool:
        return self.depth > 0 or self.string_end is not None

    def feed(self, segment: str) -> None:
        index = 0
        while index < len(segment):
            if self.string_end is not None:
                end = segment.find(self.string_end, index)
                if end < 0:
                    return
                index = end + 3
                self.string_end = None
                continue
            char = segment[index]
            if char == "#":
                return
            if segment.startswith('"""', index) or segment.startswith("'''", index):
                self.string_end = segment[index : index + 3]
                index += 3
            elif char == '"':
                index += 1
                while index < len(segment) and segment[index] != '"':
                    index += 2 if segment[index] == "\\" else 1
                index += 1
            elif char == "'":
                end = segment.find("'", index + 1)
                index = len(segment) if end < 0 else end + 1
            else:
                if char in "[{":
                    self.depth += 1
                elif char in "]}":
                    self.depth -= 1
                index += 1
