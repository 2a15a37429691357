"""Tests for the returns policy: rules, windows across zones and DST, refusals, properties."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import UserError
from core.paths import resources_dir
from core.policy import (
    CATEGORIES,
    PRIORITIES,
    REASONS,
    RESOLUTIONS,
    ApprovalReason,
    ConditionAssessment,
    ConditionIssue,
    Eligibility,
    Policy,
    PolicyError,
    PrioritySuggestion,
    WhyNot,
    WindowStatus,
    load_policy,
    parse_policy,
    priority_rank,
)

POLICY_TEXT = (resources_dir() / "policy.toml").read_text(encoding="utf-8")
POLICY = load_policy()

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

HARD = {WhyNot.NOT_ALLOWED_FOR_REASON, WhyNot.NO_REASON_NOT_ACCEPTED, WhyNot.OPENED_NOT_RETURNABLE}
SOFT = {WhyNot.OUTSIDE_WINDOW, WhyNot.NOT_RESALEABLE}

GOOD = ConditionAssessment(resaleable=True, reasons=())


def window(within: bool = True, extended: bool = False) -> WindowStatus:
    remaining = timedelta(hours=1) if within else timedelta(hours=-1)
    return WindowStatus(
        within=within,
        remaining=remaining,
        deadline=datetime(2024, 5, 1, tzinfo=UTC),
        extended=extended,
    )


def condition(**failed: bool) -> ConditionAssessment:
    issues = tuple(issue for issue in ConditionIssue if failed.get(issue.value))
    return ConditionAssessment(resaleable=not issues, reasons=issues)


# --- Editing the bundled policy text for the refusal tests --------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _table_span(lines: list[str], table: str) -> tuple[int, int]:
    start = lines.index(f"[{table}]")
    end = start + 1
    while end < len(lines) and not lines[end].startswith("["):
        end += 1
    return start, end


def _key_span(lines: list[str], table: str, key: str) -> tuple[int, int]:
    start, end = _table_span(lines, table)
    for index in range(start + 1, end):
        if re.match(rf"{re.escape(key)}\s*=", lines[index]):
            last = index
            if lines[index].rstrip().endswith("["):  # a multi-line array
                while lines[last].strip() != "]":
                    last += 1
            return index, last + 1
    raise AssertionError(f"{table}.{key} not in the bundled policy")


def set_key(table: str, key: str, value: str, text: str = POLICY_TEXT) -> tuple[str, int]:
    """Replace ``key`` in ``[table]``; return the new text and the key's line number."""
    lines = _lines(text)
    start, end = _key_span(lines, table, key)
    lines[start:end] = [f"{key} = {value}"]
    return "\n".join(lines), start + 1


def drop_key(table: str, key: str, text: str = POLICY_TEXT) -> tuple[str, int]:
    """Remove ``key`` from ``[table]``; return the new text and the table header's line."""
    lines = _lines(text)
    start, end = _key_span(lines, table, key)
    del lines[start:end]
    return "\n".join(lines), lines.index(f"[{table}]") + 1


def add_line(table: str, line: str, text: str = POLICY_TEXT) -> tuple[str, int]:
    """Insert ``line`` just under the ``[table]`` header; return text and its line."""
    lines = _lines(text)
    header = lines.index(f"[{table}]")
    lines.insert(header + 1, line)
    return "\n".join(lines), header + 2


def drop_table(table: str, text: str = POLICY_TEXT) -> str:
    lines = _lines(text)
    start, end = _table_span(lines, table)
    del lines[start:end]
    return "\n".join(lines)


def refused(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    return caught.value


def assert_refused_at(text: str, line: int, *fragments: str) -> PolicyError:
    error = refused(text)
    assert error.message.startswith(f"policy.toml line {line}: "), error.message
    assert error.line == line
    for fragment in fragments:
        assert fragment in error.message, error.message
    return error


# --- Loading ----------------------------------------------------------------


def test_bundled_policy_loads_with_the_numbers_from_the_source() -> None:
    assert POLICY.source == "policy.toml"
    assert POLICY.first_response_minutes(False) == 15
    assert POLICY.first_response_minutes(True) == 5
    assert POLICY.reminder_minutes == 10
    assert POLICY.urgent_categories == frozenset({"fresh", "medicine"})
    assert POLICY.refund_limit_cents == 50000
    assert tuple(POLICY.categories) == CATEGORIES
    assert set(POLICY.reasons) == set(REASONS)
    assert next(iter(POLICY.reasons)) == "quality"  # staff see quality first
    ordinary, fresh = POLICY.categories["ordinary"], POLICY.categories["fresh"]
    assert (ordinary.window.amount, ordinary.window.unit) == (7, "days")
    assert (fresh.window.amount, fresh.window.unit) == (48, "hours")


def test_load_policy_default_path_and_explicit_path_agree(tmp_path: Path) -> None:
    copy = tmp_path / "store-policy.toml"
    copy.write_text(POLICY_TEXT, encoding="utf-8")
    loaded = load_policy(copy)
    assert loaded.source == "store-policy.toml"
    assert loaded.categories == POLICY.categories
    assert loaded.reasons == POLICY.reasons
    assert parse_policy(POLICY_TEXT) == POLICY


def test_load_policy_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(b"\xef\xbb\xbf" + POLICY_TEXT.encode("utf-8"))
    assert load_policy(path).reasons == POLICY.reasons


def test_missing_file_is_refused_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(tmp_path / "policy.toml")
    assert caught.value.message.startswith("policy.toml: cannot read the policy file")
    assert caught.value.line is None
    assert isinstance(caught.value, UserError)


def test_non_utf8_file_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    text, line = add_line("sla", "# 生鲜")
    path.write_bytes(text.encode("utf-8").replace("生鲜".encode(), "生鲜".encode("gbk")))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.message.startswith(f"policy.toml line {line}: ")
    assert "UTF-8" in caught.value.message


def test_policy_is_immutable() -> None:
    with pytest.raises(FrozenInstanceError):
        POLICY.reminder_minutes = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        POLICY.reasons["quality"] = POLICY.reasons["other"]  # type: ignore[index]
    with pytest.raises(TypeError):
        POLICY.keywords["high"] = ()  # type: ignore[index]
    with pytest.raises(FrozenInstanceError):
        POLICY.categories["fresh"].no_reason_returns = True  # type: ignore[misc]
    assert isinstance(POLICY.reasons["quality"].allowed, tuple)
    assert isinstance(POLICY.categories["underwear"].condition, tuple)


# --- Refusals: each names the file and the line ------------------------------


def test_toml_syntax_error_names_its_line() -> None:
    text, line = set_key("sla", "reminder_minutes", "")
    assert_refused_at(text, line, "not valid TOML")


def test_toml_duplicate_key_names_its_line() -> None:
    text, line = add_line("sla", "reminder_minutes = 3")
    error = refused(text)
    assert error.line is not None and error.line >= line
    assert "not valid TOML" in error.message


def test_unknown_resolution_is_refused_with_the_example_message() -> None:
    text, line = set_key("reasons.quality", "allowed", '["refnd", "decline_goodwill"]')
    error = assert_refused_at(text, line)
    assert error.message.startswith(
        f'policy.toml line {line}: reasons.quality.allowed names unknown resolution "refnd"'
    )


@pytest.mark.parametrize("value", ["0", "-48"])
def test_zero_or_negative_hour_window_is_refused(value: str) -> None:
    text, line = set_key("categories.fresh", "window_hours", value)
    assert_refused_at(text, line, "categories.fresh.window_hours must be above zero")


def test_negative_day_window_is_refused() -> None:
    text, line = set_key("categories.ordinary", "window_days", "-7")
    assert_refused_at(text, line, "categories.ordinary.window_days", "above zero")


def test_fractional_window_is_refused() -> None:
    text, line = set_key("categories.ordinary", "window_days", "7.5")
    assert_refused_at(text, line, "must be a whole number")


def test_missing_window_is_refused_at_the_table() -> None:
    text, line = drop_key("categories.ordinary", "window_days")
    assert_refused_at(text, line, "categories.ordinary needs a return window")


def test_two_windows_are_refused() -> None:
    text, line = add_line("categories.ordinary", "window_hours = 168")
    assert_refused_at(text, line, "sets both window_days and window_hours")


def test_missing_required_key_is_refused_at_its_table() -> None:
    text, line = drop_key("reasons.quality", "default_priority")
    assert_refused_at(text, line, 'reasons.quality is missing required key "default_priority"')


def test_unknown_key_is_refused_at_its_line() -> None:
    text, line = add_line("categories.ordinary", "window_dayz = 7")
    assert_refused_at(text, line, "unknown key categories.ordinary.window_dayz")


def test_unknown_default_priority_is_refused() -> None:
    text, line = set_key("reasons.logistics", "default_priority", '"asap"')
    assert_refused_at(
        text, line, 'reasons.logistics.default_priority names unknown priority "asap"'
    )


def test_urgent_sla_longer_than_normal_is_refused() -> None:
    text, line = set_key("sla", "urgent_first_response_minutes", "20")
    assert_refused_at(text, line, "urgent goods must be answered sooner")


def test_zero_reminder_is_refused() -> None:
    text, line = set_key("sla", "reminder_minutes", "0")
    assert_refused_at(text, line, "sla.reminder_minutes must be above zero")


def test_boolean_where_a_number_belongs_is_refused() -> None:
    text, line = set_key("sla", "reminder_minutes", "true")
    assert_refused_at(text, line, "must be a whole number")


def test_unknown_urgent_category_is_refused() -> None:
    text, line = set_key("sla", "urgent_categories", '["fresh", "frozen"]')
    assert_refused_at(text, line, 'unknown goods category "frozen"')


def test_negative_refund_limit_is_refused() -> None:
    text, line = set_key("approval", "refund_limit_cents", "-1")
    assert_refused_at(text, line, "approval.refund_limit_cents must be at least 0")


def test_unsupported_version_is_refused() -> None:
    lines = _lines(POLICY_TEXT)
    index = lines.index("version = 1")
    lines[index] = "version = 2"
    assert_refused_at("\n".join(lines), index + 1, "version 2 is not supported")


def test_unknown_category_table_is_refused() -> None:
    text = POLICY_TEXT + "\n[categories.toys]\nwindow_days = 7\n"
    line = _lines(text).index("[categories.toys]") + 1
    assert_refused_at(text, line, "[categories.toys] is not a known goods category")


def test_missing_category_is_refused_at_the_categories() -> None:
    text = drop_table("categories.underwear")
    first = _lines(text).index("[categories.ordinary]") + 1
    assert_refused_at(text, first, 'categories is missing goods category "underwear"')


def test_missing_top_level_table_is_refused_without_a_line() -> None:
    error = refused(drop_table("approval"))
    # No line holds a table that is not there; the message still names the file.
    assert error.line is None
    assert error.message == 'policy.toml: the policy is missing required key "approval"'


def test_empty_allowed_list_is_refused() -> None:
    text, line = set_key("reasons.other", "allowed", "[]")
    assert_refused_at(text, line, "reasons.other.allowed must not be empty")


def test_allowed_list_without_decline_goodwill_is_refused() -> None:
    text, line = set_key("reasons.changed_mind", "allowed", '["refund", "exchange"]')
    assert_refused_at(text, line, 'must include "decline_goodwill"')


def test_repeated_resolution_is_refused() -> None:
    text, line = set_key("reasons.other", "allowed", '["refund", "refund", "decline_goodwill"]')
    assert_refused_at(text, line, 'lists "refund" twice')


def test_text_where_true_or_false_belongs_is_refused() -> None:
    text, line = set_key("reasons.quality", "photo_required", '"yes"')
    assert_refused_at(text, line, "reasons.quality.photo_required must be true or false")


def test_reason_cannot_be_both_no_reason_and_fault() -> None:
    text, line = set_key("reasons.changed_mind", "fault", "true")
    assert_refused_at(text, line, "both a no-reason return and a fault")


def test_no_reason_may_outrank_quality() -> None:
    text, _ = set_key("reasons.quality", "default_priority", '"high"')
    text, line = set_key("reasons.changed_mind", "default_priority", '"urgent"', text)
    assert_refused_at(text, line, "quality problems must come first")


def test_unknown_condition_check_is_refused() -> None:
    text, line = set_key("categories.ordinary", "condition", '["packaging", "ironed"]')
    assert_refused_at(text, line, 'unknown condition check "ironed"')


def test_once_opened_rule_without_a_seal_check_is_refused() -> None:
    text, _ = set_key("categories.underwear", "condition", '["packaging", "tags", "unused"]')
    line = _key_span(_lines(text), "categories.underwear", "no_return_once_opened")[0] + 1
    assert_refused_at(text, line, 'no_return_once_opened needs "seal"')


def test_fault_window_not_longer_than_the_window_is_refused() -> None:
    text, line = set_key("categories.electronics", "fault_window_days", "7")
    assert_refused_at(text, line, "must be longer than the return window (7 days)")


def test_fault_window_resolutions_without_a_fault_window_are_refused() -> None:
    text, line = add_line("categories.ordinary", 'fault_window_resolutions = ["repair"]')
    assert_refused_at(text, line, "there is no fault window")


def test_fault_window_without_resolutions_is_refused() -> None:
    text, _ = drop_key("categories.electronics", "fault_window_resolutions")
    line = _key_span(_lines(text), "categories.electronics", "fault_window_days")[0] + 1
    assert_refused_at(text, line, "no fault_window_resolutions")


def test_unknown_fault_window_resolution_is_refused() -> None:
    text, line = set_key("categories.electronics", "fault_window_resolutions", '["fix"]')
    assert_refused_at(text, line, 'unknown resolution "fix"')


def test_keyword_in_two_priorities_is_refused_even_in_full_width() -> None:
    text, line = set_key("priority.keywords", "urgent", '["急", "ＧＩＦＴ"]')
    assert_refused_at(text, line, 'repeats keyword "ＧＩＦＴ"', "priority.keywords.high")


def test_empty_keyword_is_refused() -> None:
    text, line = set_key("priority.keywords", "urgent", '["急", " "]')
    assert_refused_at(text, line, "contains an empty keyword")


def test_keywords_for_normal_priority_are_refused() -> None:
    text, line = add_line("priority.keywords", 'normal = ["hello"]')
    assert_refused_at(text, line, "keywords can only raise")


def test_line_is_found_past_tricky_multi_line_values() -> None:
    tricky = (
        '[\n    "a]b", # a comment with ] and [\n    """x\n[reasons.quality]\n""",\n    \'c[\',\n]'
    )
    text, _ = set_key("priority.keywords", "high", tricky)
    text, line = set_key("categories.fresh", "window_hours", "0", text)
    assert_refused_at(text, line, "categories.fresh.window_hours")


def test_line_is_found_in_inline_tables() -> None:
    text = drop_table("categories.fresh")
    text = text.replace(
        "[categories.ordinary]",
        "[categories]\nfresh = { window_hours = 0, condition = [], no_reason_returns = false, "
        "no_return_once_opened = false }\n\n[categories.ordinary]",
    )
    line = _lines(text).index("[categories]") + 2
    assert_refused_at(text, line, "categories.fresh.window_hours must be above zero")


# --- SLA and photos -------------------------------------------------------------


def test_urgent_goods_are_fresh_food_and_medicine() -> None:
    assert [c for c in CATEGORIES if POLICY.is_urgent_goods(c)] == ["fresh", "medicine"]
    with pytest.raises(ValueError, match="unknown goods category"):
        POLICY.is_urgent_goods("toys")


@pytest.mark.parametrize(
    ("reason", "required"),
    [("quality", True), ("logistics", True), ("wrong_item", True), ("changed_mind", False)],
)
def test_photo_required_for_quality_and_damage_claims(reason: str, required: bool) -> None:
    assert POLICY.photo_required(reason) is required


# --- Windows ------------------------------------------------------------------


def test_fresh_window_boundaries_at_the_minute() -> None:
    delivered = datetime(2024, 5, 1, 10, 0, tzinfo=SHANGHAI)
    inside = POLICY.window_status(
        "fresh", delivered, delivered + timedelta(hours=47, minutes=59), "Asia/Shanghai"
    )
    exact = POLICY.window_status(
        "fresh", delivered, delivered + timedelta(hours=48), "Asia/Shanghai"
    )
    outside = POLICY.window_status(
        "fresh", delivered, delivered + timedelta(hours=48, minutes=1), "Asia/Shanghai"
    )
    assert inside.within and inside.remaining == timedelta(minutes=1)
    # The 48th hour itself still counts: "within 48 hours" includes 48:00.
    assert exact.within and exact.remaining == timedelta(0)
    assert not outside.within and outside.remaining == timedelta(minutes=-1)
    assert inside.deadline == datetime(2024, 5, 3, 10, 0, tzinfo=SHANGHAI)
    assert inside.deadline.tzinfo == SHANGHAI


def test_ordinary_window_is_seven_days_to_the_minute() -> None:
    delivered = datetime(2024, 5, 1, 10, 0, tzinfo=SHANGHAI)
    seven_days = delivered + timedelta(days=7)
    tz = "Asia/Shanghai"
    assert POLICY.window_status("ordinary", delivered, seven_days - timedelta(minutes=1), tz).within
    assert POLICY.window_status("ordinary", delivered, seven_days, tz).within
    assert not POLICY.window_status(
        "ordinary", delivered, seven_days + timedelta(minutes=1), tz
    ).within


def test_utc_input_is_counted_in_the_store_zone() -> None:
    # 16:30 UTC on 1 May is 00:30 on 2 May in Shanghai: the store's calendar counts.
    delivered_utc = datetime(2024, 5, 1, 16, 30, tzinfo=UTC)
    now_utc = datetime(2024, 5, 8, 16, 0, tzinfo=UTC)
    from_utc = POLICY.window_status("ordinary", delivered_utc, now_utc, "Asia/Shanghai")
    from_local = POLICY.window_status(
        "ordinary", delivered_utc.astimezone(SHANGHAI), now_utc.astimezone(SHANGHAI), SHANGHAI
    )
    assert from_utc == from_local
    assert from_utc.deadline == datetime(2024, 5, 9, 0, 30, tzinfo=SHANGHAI)
    assert from_utc.deadline.utcoffset() == timedelta(hours=8)
    assert from_utc.remaining == timedelta(minutes=30)


def test_day_window_keeps_the_local_clock_across_spring_forward() -> None:
    delivered = datetime(2024, 3, 28, 10, 0, tzinfo=BERLIN)  # CET, +01:00
    status = POLICY.window_status("ordinary", delivered, delivered, "Europe/Berlin")
    assert status.deadline.replace(tzinfo=None) == datetime(2024, 4, 4, 10, 0)
    assert status.deadline.utcoffset() == timedelta(hours=2)  # CEST
    elapsed = status.deadline.astimezone(UTC) - delivered.astimezone(UTC)
    assert elapsed == timedelta(hours=167)
    last_minute = status.deadline.astimezone(UTC) - timedelta(minutes=1)
    assert POLICY.window_status("ordinary", delivered, last_minute, "Europe/Berlin").within
    # 168 elapsed hours would still be inside were days counted as 24 hours.
    after = delivered.astimezone(UTC) + timedelta(hours=167, minutes=1)
    assert not POLICY.window_status("ordinary", delivered, after, "Europe/Berlin").within


def test_day_window_keeps_the_local_clock_across_fall_back() -> None:
    delivered = datetime(2024, 10, 31, 9, 0, tzinfo=NEW_YORK)  # EDT
    status = POLICY.window_status("ordinary", delivered, delivered, "America/New_York")
    assert status.deadline.replace(tzinfo=None) == datetime(2024, 11, 7, 9, 0)
    assert status.deadline.utcoffset() == timedelta(hours=-5)  # EST
    assert status.remaining == timedelta(hours=169)


def test_hour_window_is_elapsed_hours_across_dst() -> None:
    delivered = datetime(2024, 3, 30, 12, 0, tzinfo=BERLIN)  # CET
    status = POLICY.window_status("fresh", delivered, delivered, "Europe/Berlin")
    assert status.deadline.astimezone(UTC) - delivered.astimezone(UTC) == timedelta(hours=48)
    # The clocks went forward, so the deadline reads 13:00, not 12:00.
    assert status.deadline.replace(tzinfo=None) == datetime(2024, 4, 1, 13, 0)


def test_deadline_on_a_skipped_clock_time_moves_later() -> None:
    delivered = datetime(2024, 3, 24, 2, 30, tzinfo=BERLIN)
    status = POLICY.window_status("ordinary", delivered, delivered, "Europe/Berlin")
    # 02:30 does not exist on 31 March 2024 in Berlin; 03:30 CEST is the later reading.
    assert status.deadline.astimezone(UTC) == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
    assert status.deadline.replace(tzinfo=None) == datetime(2024, 3, 31, 3, 30)


def test_deadline_on_a_repeated_clock_time_takes_the_later_one() -> None:
    delivered = datetime(2024, 10, 20, 2, 30, tzinfo=BERLIN)  # CEST
    status = POLICY.window_status("ordinary", delivered, delivered, "Europe/Berlin")
    assert status.deadline.astimezone(UTC) == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)
    assert status.deadline.replace(tzinfo=None) == datetime(2024, 10, 27, 2, 30)


def test_electronics_fault_window_extends_to_fifteen_days_for_quality() -> None:
    delivered = datetime(2024, 5, 1, 10, 0, tzinfo=SHANGHAI)
    day_ten = delivered + timedelta(days=10)
    tz = "Asia/Shanghai"
    fault = POLICY.window_status("electronics", delivered, day_ten, tz, reason="quality")
    assert fault.within and fault.extended
    assert fault.deadline == delivered + timedelta(days=15)
    mind = POLICY.window_status("electronics", delivered, day_ten, tz, reason="changed_mind")
    assert not mind.within and not mind.extended
    early = POLICY.window_status("electronics", delivered, delivered, tz, reason="quality")
    assert early.within and not early.extended and early.deadline == delivered + timedelta(days=7)
    late = POLICY.window_status(
        "electronics", delivered, delivered + timedelta(days=16), tz, reason="quality"
    )
    assert not late.within and not late.extended
    assert late.remaining == timedelta(days=-1)
    # No fault window for ordinary goods.
    assert not POLICY.window_status("ordinary", delivered, day_ten, tz, reason="quality").within

    offers = POLICY.eligible_resolutions("quality", "electronics", fault, GOOD)
    assert offers["refund"] == Eligibility(True, True, (WhyNot.OUTSIDE_WINDOW,))
    for fix in ("exchange", "replacement", "repair"):
        assert offers[fix] == Eligibility(True, False, ())


def test_window_refuses_naive_times_unknown_zones_and_categories() -> None:
    aware = datetime(2024, 5, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        POLICY.window_status("fresh", datetime(2024, 5, 1), aware, "UTC")
    with pytest.raises(ValueError, match="timezone-aware"):
        POLICY.window_status("fresh", aware, datetime(2024, 5, 1), "UTC")
    with pytest.raises(ValueError, match="unknown time zone"):
        POLICY.window_status("fresh", aware, aware, "Mars/Olympus")
    with pytest.raises(ValueError, match="unknown goods category"):
        POLICY.window_status("toys", aware, aware, "UTC")
    with pytest.raises(ValueError, match="unknown reason category"):
        POLICY.window_status("fresh", aware, aware, "UTC", reason="bored")


# --- Condition ------------------------------------------------------------------


def test_condition_checks_only_what_the_category_demands() -> None:
    assert POLICY.assess_condition("ordinary", True, True, True, False) == GOOD
    # Ordinary goods have no seal to keep; electronics have no tags.
    assert POLICY.assess_condition("ordinary", True, True, False, False).resaleable
    assert POLICY.assess_condition("electronics", True, False, True, False).resaleable
    assert POLICY.assess_condition("underwear", True, True, False, False) == ConditionAssessment(
        False, ("seal_broken",)
    )
    assert POLICY.assess_condition("ordinary", False, False, False, True) == ConditionAssessment(
        False, ("packaging_missing", "tags_removed", "signs_of_use")
    )
    assert POLICY.assess_condition(
        category="medicine",
        packaging_kept=True,
        tags_intact=False,
        seal_intact=False,
        signs_of_use=False,
    ).reasons == ("seal_broken",)


# --- Priority -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "priority", "matched"),
    [
        ("就是普通的毛巾", None, "normal", ()),
        ("给女儿的生日礼物，尺码不对", "size_colour", "high", ("生日", "礼物")),
        ("急用！明天要出差", None, "urgent", ("急", "急用")),
        ("孩子吃了以后过敏", None, "urgent", ("孩子", "过敏")),
        ("It was a Birthday GIFT", None, "high", ("birthday", "gift")),
        ("ＡＳＡＰ please", None, "urgent", ("asap",)),
        ("my kids love it", "changed_mind", "high", ("kids",)),
        ("no kidding, I just changed my mind", "changed_mind", "normal", ()),
        ("seams opened after one wash", "quality", "urgent", ()),
        ("", "logistics", "high", ()),
    ],
)
def test_suggest_priority(
    text: str, reason: str | None, priority: str, matched: tuple[str, ...]
) -> None:
    assert POLICY.suggest_priority(text, reason) == PrioritySuggestion(priority, matched)


def test_quality_ranks_highest_of_all_reasons() -> None:
    top = priority_rank(POLICY.suggest_priority("", "quality").priority)
    assert top == len(PRIORITIES) - 1
    for reason in REASONS:
        assert priority_rank(POLICY.suggest_priority("", reason).priority) <= top


def test_suggest_priority_refuses_unknown_reason() -> None:
    with pytest.raises(ValueError, match="unknown reason category"):
        POLICY.suggest_priority("gift", "bored")


# --- Eligibility and approvals -------------------------------------------------------


def test_quality_within_window_offers_all_its_options_freely() -> None:
    offers = POLICY.eligible_resolutions("quality", "ordinary", window(), GOOD)
    assert list(offers) == list(POLICY.reasons["quality"].allowed)
    assert all(offer == Eligibility(True, False, ()) for offer in offers.values())


def test_options_outside_the_reason_are_refused() -> None:
    offers = POLICY.eligible_resolutions("changed_mind", "ordinary", window(), GOOD)
    assert set(offers) == set(RESOLUTIONS)
    assert offers["repair"] == Eligibility(False, False, ("not_allowed_for_reason",))
    assert offers["replacement"].why_not == ("not_allowed_for_reason",)
    assert offers["refund"] == Eligibility(True, False, ())


def test_fresh_food_is_never_a_no_reason_return() -> None:
    offers = POLICY.eligible_resolutions("changed_mind", "fresh", window(), GOOD)
    assert offers["refund"] == Eligibility(False, False, ("no_reason_not_accepted",))
    assert [r for r, o in offers.items() if o.allowed] == ["decline_goodwill"]
    assert POLICY.eligible_resolutions("quality", "fresh", window(), GOOD)["refund"].allowed


def test_opened_underwear_cannot_come_back_without_a_fault() -> None:
    opened = POLICY.assess_condition("underwear", True, True, False, False)
    offers = POLICY.eligible_resolutions("size_colour", "underwear", window(), opened)
    assert offers["exchange"] == Eligibility(
        False, False, ("opened_not_returnable", "not_resaleable")
    )
    assert offers["decline_goodwill"] == Eligibility(True, False, ())
    # A faulty item is the store's problem, opened or not.
    assert POLICY.eligible_resolutions("quality", "underwear", window(), opened)["refund"] == (
        Eligibility(True, False, ())
    )
    # Sealed, it is an ordinary no-reason return.
    sealed = POLICY.assess_condition("underwear", True, True, True, False)
    assert POLICY.eligible_resolutions("size_colour", "underwear", window(), sealed)[
        "exchange"
    ] == Eligibility(True, False, ())


def test_worn_clothes_need_a_supervisor_for_a_no_reason_return() -> None:
    worn = POLICY.assess_condition("ordinary", True, True, True, True)
    offers = POLICY.eligible_resolutions("changed_mind", "ordinary", window(), worn)
    assert offers["refund"] == Eligibility(True, True, ("not_resaleable",))
    assert offers["decline_goodwill"] == Eligibility(True, False, ())


def test_outside_window_needs_a_supervisor() -> None:
    offers = POLICY.eligible_resolutions("quality", "ordinary", window(within=False), GOOD)
    assert offers["refund"] == Eligibility(True, True, ("outside_window",))
    assert offers["decline_goodwill"] == Eligibility(True, False, ())


def test_approvals_needed() -> None:
    inside, outside = window(), window(within=False)
    base: dict[str, Any] = {"reason": "quality", "category": "ordinary", "condition": GOOD}
    assert (
        POLICY.approvals_needed(**base, resolution="refund", window=inside, refund_cents=50000)
        == ()
    )
    assert POLICY.approvals_needed(
        **base, resolution="refund", window=inside, refund_cents=50001
    ) == (ApprovalReason.REFUND_ABOVE_LIMIT,)
    assert POLICY.approvals_needed(
        **base, resolution="replacement", window=inside, goodwill_cents=5001
    ) == ("goodwill_above_budget",)
    assert (
        POLICY.approvals_needed(**base, resolution="exchange", window=inside, goodwill_cents=5000)
        == ()
    )
    assert POLICY.approvals_needed(
        **base,
        resolution="refund",
        window=outside,
        refund_cents=90000,
        identity_override=True,
        goodwill_cents=10000,
    ) == ("outside_window", "refund_above_limit", "identity_override", "goodwill_above_budget")
    worn = POLICY.assess_condition("ordinary", True, True, True, True)
    assert POLICY.approvals_needed(
        reason="changed_mind",
        category="ordinary",
        resolution="refund",
        window=outside,
        condition=worn,
    ) == ("outside_window", "not_resaleable")
    # A decline is never outside policy, whatever the window.
    assert POLICY.approvals_needed(**base, resolution="decline_goodwill", window=outside) == ()


def test_approvals_refuse_a_hard_no_and_bad_input() -> None:
    with pytest.raises(ValueError, match="not_allowed_for_reason"):
        POLICY.approvals_needed(
            reason="changed_mind",
            category="ordinary",
            resolution="repair",
            window=window(),
            condition=GOOD,
        )
    with pytest.raises(ValueError, match="unknown resolution"):
        POLICY.approvals_needed(
            reason="quality",
            category="ordinary",
            resolution="cash",
            window=window(),
            condition=GOOD,
        )
    with pytest.raises(ValueError, match="negative"):
        POLICY.approvals_needed(
            reason="quality",
            category="ordinary",
            resolution="refund",
            window=window(),
            condition=GOOD,
            refund_cents=-1,
        )


def test_codes_are_stable_strings() -> None:
    assert [c.value for c in WhyNot] == [
        "not_allowed_for_reason",
        "no_reason_not_accepted",
        "opened_not_returnable",
        "outside_window",
        "not_resaleable",
    ]
    assert [c.value for c in ApprovalReason] == [
        "outside_window",
        "not_resaleable",
        "refund_above_limit",
        "identity_override",
        "goodwill_above_budget",
    ]
    assert [c.value for c in ConditionIssue] == [
        "packaging_missing",
        "tags_removed",
        "seal_broken",
        "signs_of_use",
    ]


# --- Properties -----------------------------------------------------------------

reasons = st.sampled_from(REASONS)
categories = st.sampled_from(CATEGORIES)
conditions = st.lists(st.sampled_from(list(ConditionIssue)), unique=True).map(
    lambda issues: ConditionAssessment(resaleable=not issues, reasons=tuple(issues))
)
assessed = st.builds(
    lambda args: POLICY.assess_condition(*args),
    st.tuples(categories, st.booleans(), st.booleans(), st.booleans(), st.booleans()),
)
windows = st.builds(
    WindowStatus,
    within=st.booleans(),
    remaining=st.timedeltas(min_value=timedelta(days=-30), max_value=timedelta(days=30)),
    deadline=st.datetimes(timezones=st.just(UTC)),
    extended=st.booleans(),
)
zones = st.sampled_from([UTC, SHANGHAI, BERLIN, NEW_YORK])
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=zones
)


@given(reasons, categories, windows, conditions | assessed)
def test_no_option_is_offered_that_the_policy_forbids(
    reason: str, category: str, status: WindowStatus, state: ConditionAssessment
) -> None:
    rule, goods = POLICY.reasons[reason], POLICY.categories[category]
    offers = POLICY.eligible_resolutions(reason, category, status, state)
    assert sorted(offers) == sorted(RESOLUTIONS)
    assert offers["decline_goodwill"] == Eligibility(True, False, ())
    for resolution, offer in offers.items():
        codes = set(offer.why_not)
        assert codes <= HARD | SOFT
        assert len(codes) == len(offer.why_not)
        # Free exactly when nothing is wrong; a hard no is never "approvable".
        assert (not offer.why_not) == (offer.allowed and not offer.needs_approval)
        assert offer.allowed == (not codes & HARD)
        assert offer.needs_approval == (offer.allowed and bool(codes & SOFT))
        if offer.allowed:
            assert resolution in rule.allowed
        if resolution == "decline_goodwill":
            continue
        if not status.within:
            assert WhyNot.OUTSIDE_WINDOW in codes
            assert not offer.allowed or offer.needs_approval
        if status.extended and offer.allowed and not offer.needs_approval:
            assert rule.fault and resolution in goods.fault_window_resolutions
        if rule.no_reason and not goods.no_reason_returns:
            assert not offer.allowed
        if rule.no_reason and not state.resaleable:
            assert not offer.allowed or offer.needs_approval
        if rule.no_reason and goods.no_return_once_opened and "seal_broken" in state.reasons:
            assert not offer.allowed


@given(
    reasons, categories, windows, conditions, st.sampled_from(RESOLUTIONS), st.integers(0, 10**7)
)
def test_approvals_match_eligibility(
    reason: str,
    category: str,
    status: WindowStatus,
    state: ConditionAssessment,
    resolution: str,
    refund: int,
) -> None:
    offer = POLICY.eligible_resolutions(reason, category, status, state)[resolution]
    if not offer.allowed:
        with pytest.raises(ValueError):
            POLICY.approvals_needed(
                reason=reason,
                category=category,
                resolution=resolution,
                window=status,
                condition=state,
            )
        return
    needed = POLICY.approvals_needed(
        reason=reason,
        category=category,
        resolution=resolution,
        window=status,
        condition=state,
        refund_cents=refund,
    )
    assert set(needed) - {ApprovalReason.REFUND_ABOVE_LIMIT} == set(offer.why_not)
    assert (ApprovalReason.REFUND_ABOVE_LIMIT in needed) == (refund > POLICY.refund_limit_cents)
    assert list(needed) == sorted(needed, key=list(ApprovalReason).index)


@given(categories, moments, st.integers(-10_000, 60 * 24 * 40), zones, reasons)
def test_window_status_is_consistent(
    category: str, delivered: datetime, minutes: int, store_zone: ZoneInfo, reason: str
) -> None:
    now = delivered + timedelta(minutes=minutes)
    status = POLICY.window_status(category, delivered, now, store_zone, reason=reason)
    assert status.within == (status.remaining >= timedelta(0))
    assert status.deadline.tzinfo is store_zone
    assert status.deadline.astimezone(UTC) - now.astimezone(UTC) == status.remaining
    # The zone the times arrive in never changes the answer.
    again = POLICY.window_status(
        category, delivered.astimezone(UTC), now.astimezone(SHANGHAI), store_zone, reason=reason
    )
    assert again.within == status.within and again.remaining == status.remaining
    assert again.deadline.astimezone(UTC) == status.deadline.astimezone(UTC)
    # Earlier is never worse.
    earlier = POLICY.window_status(
        category, delivered, now - timedelta(hours=1), store_zone, reason=reason
    )
    assert earlier.within or not status.within

    rule = POLICY.categories[category].window
    plain = POLICY.window_status(category, delivered, delivered, store_zone)
    real = plain.deadline.astimezone(UTC) - delivered.astimezone(UTC)
    if rule.unit == "hours":
        assert real == rule.nominal
    else:
        # Calendar days: one DST hour either way at most, same local date N days on.
        assert abs(real - rule.nominal) <= timedelta(hours=1)
        local = delivered.astimezone(store_zone)
        assert plain.deadline.date() - local.date() == timedelta(days=rule.amount)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


words = st.sampled_from(
    ["gift", "Birthday", "急用", "孩子", "ASAP", "towel", "kidding", "过敏", "the", "child"]
)


@given(st.lists(words, max_size=6), st.lists(words, max_size=6), st.none() | reasons)
def test_priority_only_rises_and_ignores_width_and_case(
    first: list[str], more: list[str], reason: str | None
) -> None:
    text = " ".join(first)
    base = POLICY.suggest_priority(text, reason)
    floor = priority_rank(POLICY.reasons[reason].default_priority) if reason else 0
    assert priority_rank(base.priority) >= floor
    longer = POLICY.suggest_priority(" ".join(first + more), reason)
    assert priority_rank(longer.priority) >= priority_rank(base.priority)
    assert set(base.matched_keywords) <= set(longer.matched_keywords)
    assert POLICY.suggest_priority(_full_width(text), reason) == base
    assert POLICY.suggest_priority(text.upper(), reason) == base


def test_policy_type_is_exported() -> None:
    assert isinstance(POLICY, Policy)
