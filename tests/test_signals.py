"""Review signals against a real server process (SQLite and PostgreSQL): each kind with
data that must trigger it and data just short of it (under the threshold, other region,
outside the window or the date range, one store only), the rule file, the masking."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.signal_rules import SignalRulesError, parse_signal_rules
from server.signals import binomial_tail, mask_customer
from tests.server_support import (
    BACKENDS,
    GENESIS,
    Line,
    Order,
    ServerProcess,
    _event_hash,
    import_orders,
    make_case_payload,
    make_op,
    new_id,
    served,
)

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)

RULES = """
max_case_ids = 50

[quality_product]
min_returns = 3
window_days = 7

[store_rate]
min_cases = 5
min_flagged = 3
ratio = 2.0
max_p_value = 0.05

[repeat_customer]
min_stores = 3
window_days = 7
"""

STORES = {
    # Q: quality products; S, T: store rates; C: customers; X: the "other region".
    "Q1": "Q", "Q2": "Q", "S1": "S", "S2": "S", "S3": "S", "T1": "T", "T2": "T",
    "C1": "C", "C2": "C", "C3": "C", "X1": "X",
}  # fmt: skip


def day(n: float) -> datetime:
    return NOW - timedelta(days=n)


def case_payload(
    store: str,
    *,
    at: datetime,
    order: Order | None = None,
    reason: str = "quality",
    override: bool = False,
    outside_policy: bool = False,
) -> dict[str, Any]:
    """A finalised case; an identity override and an outside-policy approval are audited
    the way the counter does it (an "approved" event with the reason)."""
    staff = "00000000-0000-7000-8000-000000000001"
    created = at - timedelta(minutes=20)
    items = [(order.lines[0], 1)] if order else []
    payload = make_case_payload(
        store, staff, order, items,
        created_at=created.isoformat(),
        first_response_due_at=(created + timedelta(minutes=15)).isoformat(),
        first_response_at=(created + timedelta(minutes=2)).isoformat(),
        finalised_at=at.isoformat(),
        reason_category=reason,
        identity_status="overridden" if override else "verified",
    )  # fmt: skip
    steps: list[tuple[str, datetime, dict[str, Any]]] = [("opened", created, {})]
    for wanted, why in ((override, "identity_override"), (outside_policy, "outside_window")):
        if wanted:
            steps.append(("approved", created + timedelta(minutes=5), {"reason": why}))
    steps.append(("finalised", at, {"resolution": "refund"}))
    case_id, prev, audit = payload["case"]["id"], GENESIS, []
    for seq, (action, when, detail) in enumerate(steps, start=1):
        h = _event_hash(prev, case_id, seq, when.isoformat(), staff, action, detail)
        audit.append(
            {"id": new_id(), "seq": seq, "at": when.isoformat(), "staff_id": staff,
             "action": action, "detail": detail, "prev_hash": prev, "hash": h}
        )  # fmt: skip
        prev = h
    payload["audit"] = audit
    return payload


@dataclass
class World:
    srv: ServerProcess
    tmp: Path
    leads: dict[str, str] = field(default_factory=dict)  # region -> token
    counters: dict[str, str] = field(default_factory=dict)  # store -> token
    orders: list[Order] = field(default_factory=list)
    pending: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ids: dict[str, list[str]] = field(default_factory=dict)  # label -> case ids
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def order(self, store: str, sku: str, name: str, phone: str, buyer: str = "张伟") -> Order:
        n = next(self.numbers)
        line = Line(1, sku, name, "ordinary", 10, 5900)
        o = Order(f"SG{n:08d}", store, [line], customer_name=buyer, phone=phone)
        self.orders.append(o)
        return o

    def case(self, label: str, store: str, **kw: Any) -> None:
        payload = case_payload(store, **kw)
        self.pending.setdefault(store, []).append(payload)
        self.ids.setdefault(label, []).append(payload["case"]["id"])

    def push_all(self) -> None:
        import_orders(self.srv, self.orders, self.tmp / "orders.json")
        for store, payloads in self.pending.items():
            with self.srv.client(self.counters[store]) as c:
                for start in range(0, len(payloads), 50):
                    ops = [make_op(p) for p in payloads[start : start + 50]]
                    r = c.post("/v1/push", json={"operations": ops})
                    assert r.status_code == 200, r.text
                    results = [x["result"] for x in r.json()["results"]]
                    assert results == ["applied"] * len(ops), r.text

    def signals(self, region: str, **params: Any) -> dict[str, Any]:
        with self.srv.client(self.leads[region]) as c:
            r = c.get("/v1/review/signals", params=params)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def of_kind(self, region: str, kind: str, **params: Any) -> list[dict[str, Any]]:
        return [g for g in self.signals(region, **params)["signals"] if g["kind"] == kind]


def seed(w: World) -> None:
    for code, region in STORES.items():
        w.srv.admin("create-store", code, "--name", f"{code} 店", "--region", region)
        w.counters[code] = enrol(w.srv, code)
    for region in sorted(set(STORES.values())):
        w.leads[region] = w.srv.admin("create-lead-token", "--region", region)
    phones = (f"1390000{i:04d}" for i in itertools.count())

    def quality(label: str, store: str, sku: str, at: datetime, reason: str = "quality") -> None:
        o = w.order(store, sku, f"商品 {sku}", next(phones))  # one customer per case
        w.case(label, store, at=at, order=o, reason=reason)

    # A kettle: three quality returns within five days, at two stores → a signal.
    for store, n in (("Q1", 12), ("Q2", 10), ("Q1", 7)):
        quality("kettle", store, "SKU-KETTLE", day(n))
    # A mug: two quality returns and one of another reason in three days (just under).
    for store, n, reason in (("Q1", 5, "quality"), ("Q2", 4, "quality"), ("Q1", 3, "size_colour")):
        quality("mug", store, "SKU-MUG", day(n), reason)
    # A lamp: three quality returns, but exactly seven days apart (the window is shorter).
    for n in (20, 13, 6):
        quality("lamp", "Q1", "SKU-LAMP", day(n))
    # A fan: two quality returns in region Q, the third in region X.
    for store, n in (("Q1", 3), ("Q2", 2), ("X1", 2.5)):
        quality("fan", store, "SKU-FAN", day(n))

    # Region S: S1 overrides identity in 4 of 6 cases; S2 and S3 hardly ever.
    for i in range(6):
        w.case("s1_override" if i < 4 else "s1", "S1", at=day(2 + i), reason="other",
               override=i < 4, outside_policy=i in (4, 5))  # fmt: skip
    # S2: 3 of 8 outside policy, but the other stores' rate is as high (no signal).
    for i in range(8):
        w.case("s2", "S2", at=day(1 + i), reason="other", outside_policy=i < 3)
    # S3: 3 of 4 outside policy and 1 override: too few cases to say anything.
    for i in range(4):
        w.case("s3", "S3", at=day(1 + i), reason="other", outside_policy=i < 3, override=i == 3)
    # Region T (another region): T1 overrides in all 5 cases, T2 in none.
    for i in range(5):
        w.case("t1", "T1", at=day(1 + i), reason="other", override=True)
        w.case("t2", "T2", at=day(1 + i), reason="other")

    def returns(label: str, phone: str, buyer: str, visits: list[tuple[str, float]]) -> None:
        for store, n in visits:
            o = w.order(store, f"SKU-{label.upper()}", "保温杯", phone, buyer)
            w.case(label, store, at=day(n), order=o, reason="changed_mind")

    # Alice: three stores in two days → a signal.
    returns("alice", "13911112222", "张伟", [("C1", 5), ("C2", 4), ("C3", 3)])
    # Bob: four returns, but at two stores only.
    returns("bob", "13922223333", "李强", [("C1", 5), ("C1", 4), ("C1", 3), ("C2", 3)])
    # Carol: three stores, eight days apart each.
    returns("carol", "13933334444", "王芳", [("C1", 20), ("C2", 12), ("C3", 4)])
    # Dan: three stores in three days, but one of them in another region.
    returns("dan", "13944445555", "赵敏", [("C1", 5), ("C2", 4), ("X1", 3)])
    # Eve: five returns within three days, all at one store.
    returns("eve", "13955556666", "陈静", [("C1", 5), ("C1", 4.5), ("C1", 4), ("C1", 3),
                                          ("C1", 2.5)])  # fmt: skip
    w.push_all()


def enrol(srv: ServerProcess, store: str) -> str:
    code = srv.admin("create-enrolment-code", "--store", store)
    with srv.client() as c:
        r = c.post("/v1/enrol", json={"code": code, "device_name": f"{store} counter"})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp(f"signals-{request.param}")
    rules = tmp / "signals.toml"
    rules.write_text(RULES, encoding="utf-8")
    with served(request.param, tmp / "data", ["--signals", str(rules)]) as srv:
        w = World(srv, tmp)
        seed(w)
        yield w


# ---- quality returns of one product ------------------------------------------------------------


def test_a_product_with_enough_quality_returns_in_a_week_is_signalled(world: World) -> None:
    report = world.signals("Q")
    assert report["rules"]["quality_product"] == {"min_returns": 3, "window_days": 7}
    found = [g for g in report["signals"] if g["kind"] == "quality_product"]
    assert [g["subject"] for g in found] == ["SKU-KETTLE"]
    [kettle] = found
    assert kettle["subject_name"] == "商品 SKU-KETTLE"
    assert set(kettle["case_ids"]) == set(world.ids["kettle"])
    assert len(kettle["case_nos"]) == 3 and all(n.startswith("Q") for n in kettle["case_nos"])
    assert (kettle["cases"], kettle["peak"], kettle["units"], kettle["window_days"]) == (3, 3, 3, 7)
    assert kettle["stores"] == ["Q1", "Q2"]
    assert kettle["first_at"].startswith(day(12).strftime("%Y-%m-%d"))


def test_quality_returns_just_short_of_the_rule_are_not_signalled(world: World) -> None:
    subjects = {g["subject"] for g in world.of_kind("Q", "quality_product")}
    # Under the threshold (one return of another reason), seven days apart, other region.
    assert not subjects & {"SKU-MUG", "SKU-LAMP", "SKU-FAN"}
    assert world.of_kind("X", "quality_product") == []


def test_quality_returns_outside_the_date_range_do_not_count(world: World) -> None:
    since = day(11).isoformat()  # leaves out the kettle's first return
    assert world.of_kind("Q", "quality_product", finalised_from=since) == []
    until = day(8).isoformat()  # leaves out its last
    assert world.of_kind("Q", "quality_product", finalised_from=day(30).isoformat(),
                         finalised_to=until) == []  # fmt: skip


# ---- a store's rates ------------------------------------------------------------------------------


def test_a_store_whose_override_rate_stands_out_is_signalled(world: World) -> None:
    found = world.of_kind("S", "store_rate")
    assert [(g["subject"], g["metric"]) for g in found] == [("S1", "identity_override")]
    [s1] = found
    assert set(s1["case_ids"]) == set(world.ids["s1_override"])
    assert (s1["cases"], s1["store_cases"], s1["region_cases"], s1["region_flagged"]) == (
        4, 6, 12, 1
    )  # fmt: skip
    assert s1["rate"] == pytest.approx(4 / 6)
    assert s1["region_rate"] == pytest.approx(1 / 12)
    assert s1["expected_rate"] == pytest.approx(2 / 14)  # (1 + 1) / (12 + 2)
    assert s1["ratio"] == pytest.approx((4 / 6) / (2 / 14))
    assert s1["p_value"] == pytest.approx(binomial_tail(4, 6, 2 / 14))
    assert s1["p_value"] < 0.05
    assert s1["subject_name"] == "S1 店"


def test_store_rates_that_do_not_stand_out_are_not_signalled(world: World) -> None:
    signalled = {(g["subject"], g["metric"]) for g in world.of_kind("S", "store_rate")}
    # S1 outside policy: 2 of 6 (under min_flagged); S2: 3 of 8 against 5 of 10 at the
    # others; S3: 3 of 4, but under min_cases.
    assert ("S1", "outside_policy") not in signalled
    assert not {s for s, _ in signalled} & {"S2", "S3", "T1"}
    # Region T is compared within itself only, and its leads see it; S's lead does not.
    assert [(g["subject"], g["metric"]) for g in world.of_kind("T", "store_rate")] == [
        ("T1", "identity_override")
    ]


def test_store_rates_outside_the_date_range_do_not_count(world: World) -> None:
    # Up to 3.5 days ago: S1 has only 2 cases (2 overrides) there, under min_cases.
    since = day(3.5).isoformat()
    assert world.of_kind("S", "store_rate", finalised_from=since) == []


# ---- one customer at several stores --------------------------------------------------------------


def test_a_customer_returning_at_several_stores_is_signalled_masked(world: World) -> None:
    report = world.signals("C")
    found = [g for g in report["signals"] if g["kind"] == "repeat_customer"]
    assert len(found) == 1
    [alice] = found
    assert set(alice["case_ids"]) == set(world.ids["alice"])
    assert (alice["cases"], alice["peak"], alice["stores"]) == (3, 3, ["C1", "C2", "C3"])
    assert alice["subject"].startswith("张**·") and len(alice["subject"]) == 8
    text = str(report)
    for secret in ("13911112222", "1112222", "张伟", "伟"):
        assert secret not in text.replace(alice["subject"], "")  # no phone, no full name


def test_customers_short_of_the_rule_are_not_signalled(world: World) -> None:
    found = world.of_kind("C", "repeat_customer")
    case_ids = {c for g in found for c in g["case_ids"]}
    for label in ("bob", "carol", "dan", "eve"):  # two stores, spread out, other region, one store
        assert not case_ids & set(world.ids[label]), label
    assert world.of_kind("X", "repeat_customer") == []


def test_a_customer_outside_the_date_range_is_not_signalled(world: World) -> None:
    assert world.of_kind("C", "repeat_customer", finalised_from=day(4.5).isoformat()) == []


# ---- the request and the rules --------------------------------------------------------------------


def test_bad_ranges_are_refused_in_plain_words(world: World) -> None:
    with world.srv.client(world.leads["S"]) as c:
        for params, words in (
            ({"finalised_from": "2026-11-01T00:00:00"}, "UTC offset"),
            ({"finalised_from": day(1).isoformat(), "finalised_to": day(2).isoformat()},
             "before"),
            ({"finalised_from": day(400).isoformat()}, "at most 366 days"),
            ({"finalised_to": "0001-01-02T00:00:00+00:00"}, "too early"),
        ):  # fmt: skip
            r = c.get("/v1/review/signals", params=params)
            assert r.status_code == 422, (params, r.text)
            assert words in r.json()["error"]["message"], r.text
    with world.srv.client(world.counters["S1"]) as c:
        assert c.get("/v1/review/signals").status_code == 403


def test_rule_file_is_checked_and_a_bad_one_stops_the_server(tmp_path: Path) -> None:
    rules = parse_signal_rules("[store_rate]\nratio = 3\nmin_cases = 10\n")
    assert (rules.store_rate.ratio, rules.store_rate.min_cases) == (3.0, 10)
    assert rules.quality_product.min_returns == 5  # defaults kept
    for text, words in (
        ("[store_rate]\nratoi = 3\n", "unknown key 'ratoi'"),
        ("[quality_product]\nmin_returns = 2.5\n", "whole number"),
        ("[store_rate]\nmax_p_value = 2\n", "outside"),
        ("[signals]\n", "unknown key 'signals'"),
        ("min_returns = [", "not valid TOML"),
    ):
        with pytest.raises(SignalRulesError, match=words):
            parse_signal_rules(text)
    bad = tmp_path / "signals.toml"
    bad.write_text("[repeat_customer]\nmin_stores = 1\n", encoding="utf-8")
    srv = ServerProcess(tmp_path / "data", None, extra_args=["--signals", str(bad)])
    with pytest.raises(RuntimeError, match="min_stores"):
        srv.start(timeout=20)


def test_binomial_tail_and_masking() -> None:
    assert binomial_tail(8, 10, 0.5) == pytest.approx(56 / 1024)
    assert binomial_tail(0, 10, 0.3) == 1.0 and binomial_tail(11, 10, 0.3) == 0.0
    assert binomial_tail(3, 2000, 0.0001) == pytest.approx(0.001148, rel=0.01)  # ~Poisson(0.2)
    assert mask_customer("张伟", "7b0c2a4e-93a4-4c5e-9a55-2f0f1f4d6c11") == "张**·6c11"
    assert mask_customer("", "abc") == "?**·abc"


def test_signals_cover_only_the_leads_region(world: World) -> None:
    everything = {c for r in ("Q", "S", "C") for g in world.signals(r)["signals"]
                  for c in g["case_ids"]}  # fmt: skip
    other = set(world.ids["t1"]) | set(world.ids["t2"])
    assert not everything & other
    with httpx.Client(base_url=world.srv.url) as c:
        assert c.get("/v1/review/signals").status_code in (400, 401, 426)
