"""What the policy says about one case right now: windows, condition, options, approvals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.drafts import CaseDraft
from core.policy import (
    RESOLUTIONS,
    ApprovalReason,
    ConditionAssessment,
    Eligibility,
    Policy,
    WindowStatus,
)


@dataclass(frozen=True)
class LineWindow:
    line_id: str
    name: str
    category: str
    window: WindowStatus
    condition: ConditionAssessment | None  # None until the checklist is answered


@dataclass(frozen=True)
class CaseAssessment:
    lines: tuple[LineWindow, ...]
    options: dict[str, Eligibility]  # every resolution; empty until a reason is chosen
    photo_required: bool
    approvals_needed: tuple[str, ...]  # for the chosen resolution
    approvals_missing: tuple[str, ...]

    @property
    def outside_window(self) -> bool:
        return any(not ln.window.within for ln in self.lines)

    @property
    def resaleable(self) -> bool | None:
        verdicts = [ln.condition.resaleable for ln in self.lines if ln.condition is not None]
        return all(verdicts) if verdicts else None


def _combine(verdicts: list[Eligibility]) -> Eligibility:
    """An option is possible for the case only if it is possible for every item."""
    why: list[str] = []
    for v in verdicts:
        why += [w for w in v.why_not if w not in why]
    return Eligibility(
        allowed=all(v.allowed for v in verdicts),
        needs_approval=any(v.needs_approval for v in verdicts),
        why_not=tuple(why),
    )


def assess(policy: Policy, draft: CaseDraft, now: datetime, store_tz: str) -> CaseAssessment:
    lines: list[LineWindow] = []
    if draft.order is not None:
        # Not delivered yet: the window has not started, so it is counted from now.
        delivered = draft.order.delivered_at or now
        chosen = {lid for lid, qty in draft.items.items() if qty > 0}
        for ln in draft.order.lines:
            if ln.id not in chosen:
                continue
            answered = None not in (
                draft.packaging_kept, draft.tags_intact, draft.seal_intact, draft.signs_of_use
            )  # fmt: skip
            condition = (
                policy.assess_condition(
                    ln.category,
                    bool(draft.packaging_kept),
                    bool(draft.tags_intact),
                    bool(draft.seal_intact),
                    bool(draft.signs_of_use),
                )
                if answered
                else None
            )
            window = policy.window_status(
                ln.category, delivered, now, store_tz, reason=draft.reason_category or None
            )
            lines.append(LineWindow(ln.id, ln.name, ln.category, window, condition))

    options: dict[str, Eligibility] = {}
    reason = draft.reason_category
    if reason in policy.reasons and lines:
        per_line = [
            policy.eligible_resolutions(
                reason, ln.category, ln.window, ln.condition or ConditionAssessment(True, ())
            )
            for ln in lines
        ]
        options = {r: _combine([p[r] for p in per_line]) for r in RESOLUTIONS}

    needed: list[str] = []
    chosen_option = options.get(draft.resolution)
    if chosen_option is not None and chosen_option.allowed:
        needed += [w for w in chosen_option.why_not if w in set(ApprovalReason)]
        if (
            draft.resolution in ("refund", "store_credit")
            and draft.refund_cents > policy.refund_limit_cents
        ):
            needed.append(ApprovalReason.REFUND_ABOVE_LIMIT)
        if draft.goodwill_cents > policy.goodwill_budget_cents:
            needed.append(ApprovalReason.GOODWILL_ABOVE_BUDGET)
    granted = {a.get("reason") for a in draft.approvals}
    return CaseAssessment(
        lines=tuple(lines),
        options=options,
        photo_required=bool(reason) and reason in policy.reasons and policy.photo_required(reason),
        approvals_needed=tuple(str(n) for n in needed),
        approvals_missing=tuple(str(n) for n in needed if str(n) not in granted),
    )
