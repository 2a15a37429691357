"""A realistic region for the review window's pictures and UI tests: three East stores,
their staff and orders, and a few hundred synced cases over the last weeks, pushed over
HTTP to a real server as the counters would (deterministic for a given seed)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.server_support import (
    Line,
    Order,
    ServerProcess,
    make_op,
    new_id,
    orders_to_json,
    sha256,
)
from tests.test_review import review_case

STORES = (
    ("SH01", "上海一店", "East", "Asia/Shanghai"),
    ("SH02", "上海二店", "East", "Asia/Shanghai"),
    ("HZ01", "杭州一店", "East", "Asia/Shanghai"),
    ("BJ01", "北京一店", "North", "Asia/Shanghai"),
)
CLERKS = {"SH01": ("李娜", "陈静"), "SH02": ("王强", "周敏"), "HZ01": ("赵磊", "孙悦"),
          "BJ01": ("刘洋", "马丽")}  # fmt: skip
PRODUCTS = (
    ("WM-SW-M-GR", "羊毛衫 M 灰色", "ordinary", 29900),
    ("HM-CUP-500", "保温杯 500ml", "ordinary", 8900),
    ("EL-BT-EAR2", "蓝牙耳机 二代", "electronics", 39900),
    ("EL-KETTLE", "电热水壶 1.7L", "electronics", 15900),
    ("KD-BOOT-28", "儿童雨靴 28码", "ordinary", 12900),
    ("FR-STRAW1K", "草莓 1kg", "fresh", 5900),
    ("UW-SOCK-5P", "棉袜 五双装", "underwear", 3900),
    ("HM-TOWEL", "纯棉毛巾", "ordinary", 2900),
)
# Reason, resolution weights of a plausible month: quality problems first.
REASONS = (("quality", 30), ("size_colour", 22), ("logistics", 14), ("changed_mind", 12),
           ("not_as_described", 9), ("wrong_item", 6), ("missing_parts", 5), ("other", 2))  # fmt: skip
RESOLUTIONS = {
    "quality": ("refund", "exchange", "replacement", "repair"),
    "size_colour": ("exchange", "refund"),
    "logistics": ("replacement", "refund"),
    "changed_mind": ("refund", "decline_goodwill", "store_credit"),
    "not_as_described": ("refund", "exchange"),
    "wrong_item": ("replacement", "exchange"),
    "missing_parts": ("replacement", "store_credit"),
    "other": ("store_credit", "decline_goodwill"),
}
WORDS = {
    "quality": ("领口开线了，才穿了一次", "耳机左耳没有声音", "水壶底部漏水", "雨靴鞋底开胶"),
    "size_colour": ("尺码买小了，想换大一号", "颜色和图片差别很大", "孩子穿着太挤了"),
    "logistics": ("快递盒压扁了，杯子凹了一块", "草莓送到时已经发霉", "等了十天才到"),
    "changed_mind": ("不想要了", "买重复了", "家里已经有一个了"),
    "not_as_described": ("说是纯棉，其实有化纤", "容量没有写的那么大"),
    "wrong_item": ("发成了灰色的", "收到的是别人的订单"),
    "missing_parts": ("少了充电线", "缺一只耳塞"),
    "other": ("包装里有异味",),
}
QUALITY_PRODUCTS = (2, 2, 2, 3, 3, 0, 0, 4, 1, 5, 6)  # indexes into PRODUCTS: faulty ones often


@dataclass
class DemoRegion:
    srv: ServerProcess
    tokens: dict[str, str] = field(default_factory=dict)  # store code / "lead_east" -> token
    staff: dict[str, list[str]] = field(default_factory=dict)  # store -> [clerk, supervisor]
    payloads: list[dict[str, Any]] = field(default_factory=list)


def _push(srv: ServerProcess, token: str, payloads: list[dict[str, Any]]) -> None:
    for start in range(0, len(payloads), 100):
        batch = [make_op(p) for p in payloads[start : start + 100]]
        with srv.client(token) as c:
            r = c.post("/v1/push", json={"operations": batch})
        results = r.json().get("results", []) if r.status_code == 200 else []
        bad = [x for x in results if x["result"] != "applied"]
        if r.status_code != 200 or bad:
            raise AssertionError(f"push: {r.status_code} {bad[:2] or r.text[:300]}")


def seed_demo_region(
    srv: ServerProcess,
    tmp: Path,
    cases: int = 240,
    days: int = 28,
    seed: int = 7,
    photos: list[tuple[bytes, str]] | None = None,
) -> DemoRegion:
    """Stores, staff, counters, an East and a North lead, orders and ``cases`` synced cases
    finalised over the last ``days`` days (the North store gets a few, never shown East).

    The newest SH01 case is the one a lead would open first: a quality return on an
    identity override, answered late, with ``photos`` (JPEG bytes, caption) and a
    "suspicious" verdict; a few other recent cases carry verdicts too."""
    rnd = random.Random(seed)
    region = DemoRegion(srv)
    for code, name, reg, zone in STORES:
        srv.admin("create-store", code, "--name", name, "--region", reg, "--timezone", zone)
        region.staff[code] = [
            srv.admin("create-staff", "--store", code, "--name", person, "--role", role,
                      "--pin", "1234")
            for person, role in zip(CLERKS[code], ("clerk", "supervisor"), strict=True)
        ]  # fmt: skip
        enrol = srv.admin("create-enrolment-code", "--store", code)
        with srv.client() as c:
            r = c.post("/v1/enrol", json={"code": enrol, "device_name": f"{code} counter"})
        region.tokens[code] = str(r.json()["token"])
    for reg in ("East", "North"):
        region.tokens[f"lead_{reg.lower()}"] = srv.admin(
            "create-lead-token", "--region", reg, "--name", f"{reg} lead"
        )
    now = datetime.now(UTC).replace(microsecond=0)
    # Some stores are busier, and one overrides identity checks far more often.
    weights = {"SH01": 5, "SH02": 3, "HZ01": 2, "BJ01": 1}
    override_rate = {"SH01": 0.04, "SH02": 0.16, "HZ01": 0.03, "BJ01": 0.05}
    late_rate = {"SH01": 0.06, "SH02": 0.12, "HZ01": 0.22, "BJ01": 0.1}
    orders: list[Order] = []
    planned: list[tuple[str, dict[str, Any]]] = []
    codes = list(weights)
    reason_codes = [r for r, _ in REASONS]
    reason_weights = [w for _, w in REASONS]
    for n in range(cases):
        store = rnd.choices(codes, [weights[c] for c in codes])[0]
        reason = rnd.choices(reason_codes, reason_weights)[0]
        # More returns lately, and fewer on Sundays.
        when = now - timedelta(days=days * rnd.random() ** 1.3, minutes=rnd.randint(0, 600))
        if when.weekday() == 6 and rnd.random() < 0.4:
            when -= timedelta(days=1)
        index = rnd.choice(QUALITY_PRODUCTS) if reason == "quality" else rnd.randrange(8)
        sku, name, category, price = PRODUCTS[index]
        qty = 2 if rnd.random() < 0.15 else 1
        order = Order(
            order_no=f"{store}{when:%y%m%d}{n:04d}",
            store_code=store,
            lines=[Line(1, sku, name, category, qty, price)],
            ordered_at=(when - timedelta(days=5)).isoformat(),
            delivered_at=(when - timedelta(days=2)).isoformat(),
        )
        orders.append(order)
        resolution = rnd.choice(RESOLUTIONS[reason])
        refund = price * qty if resolution in ("refund", "store_credit") else 0
        clerk, supervisor = region.staff[store]
        overridden = rnd.random() < override_rate[store]
        approvals = [("identity_override", supervisor)] if overridden else []
        goodwill = 0
        if resolution == "decline_goodwill":
            goodwill = rnd.choice((1000, 2000, 3000, 5000, 8000))
            if goodwill > 5000:
                approvals.append(("goodwill_above_budget", supervisor))
        late = rnd.random() < late_rate[store]
        payload = review_case(
            store, clerk, finalised=when, order=order, items=[(order.lines[0], qty)],
            case_no=f"{store}-{when:%Y%m%d}-{n:04d}", reason_category=reason,
            resolution=resolution, refund_cents=refund, goodwill_cents=goodwill,
            customer_words=rnd.choice(WORDS[reason]),
            identity_status="overridden" if overridden else "verified",
            flags={"identity_mismatch": True} if overridden else {},
            approvals=approvals,
            response_after=timedelta(minutes=rnd.choice((19, 25, 40))) if late
            else timedelta(minutes=rnd.choice((1, 2, 4, 8))),
        )  # fmt: skip
        planned.append((store, payload))
    headline = _headline_case(region, now, orders, photos or [])
    planned.append(("SH01", headline))
    file = tmp / f"demo-orders-{new_id()}.json"
    file.write_text(orders_to_json(orders), encoding="utf-8")
    srv.admin("import-orders", str(file))
    for code in codes:
        mine = [p for s, p in planned if s == code]
        _push(srv, region.tokens[code], mine)
        region.payloads += mine
    for data, _caption in photos or []:
        with srv.client(region.tokens["SH01"]) as c:
            r = c.put(f"/v1/photos/{sha256(data)}", content=data,
                      headers={"Content-Type": "image/jpeg"})  # fmt: skip
        if r.status_code != 200:
            raise AssertionError(f"photo upload: {r.status_code} {r.text[:300]}")
    east = sorted(
        (p for s, p in planned if s != "BJ01" and p is not headline),
        key=lambda p: str(p["case"]["finalised_at"]),
        reverse=True,
    )
    notes = [(headline, "suspicious", "本月同一订单人第三次身份不符，请店长电话回访")]
    notes += [(p, "fine", "") for p in east[3:40:9]]
    notes += [(p, "needs_follow_up", "请补充照片") for p in east[5:40:13]]
    with srv.client(region.tokens["lead_east"]) as c:
        for payload, verdict, text in notes:
            r = c.post(
                f"/v1/review/cases/{payload['case']['id']}/annotations",
                json={"id": new_id(), "verdict": verdict, "text": text},
            )
            if r.status_code != 200:
                raise AssertionError(f"annotate: {r.status_code} {r.text[:300]}")
    return region


def _headline_case(
    region: DemoRegion, now: datetime, orders: list[Order], photos: list[tuple[bytes, str]]
) -> dict[str, Any]:
    sku, name, category, price = PRODUCTS[0]
    when = now - timedelta(minutes=12)
    order = Order(
        order_no=f"SH01{when:%y%m%d}9999", store_code="SH01",
        lines=[Line(1, sku, name, category, 1, price)],
        ordered_at=(when - timedelta(days=6)).isoformat(),
        delivered_at=(when - timedelta(days=3)).isoformat(),
    )  # fmt: skip
    orders.append(order)
    clerk, supervisor = region.staff["SH01"]
    payload = review_case(
        "SH01", clerk, finalised=when, order=order, items=[(order.lines[0], 1)],
        case_no=f"SH01-{when:%Y%m%d}-0999", refund_cents=price,
        customer_words="领口开线了，才穿了一次，上周也有人退过同款",
        stated_reason="领口开线", identity_status="overridden",
        flags={"identity_mismatch": True}, approvals=[("identity_override", supervisor)],
        response_after=timedelta(minutes=21), photos=[data for data, _ in photos],
    )  # fmt: skip
    for row, (_data, caption) in zip(payload["photos"], photos, strict=True):
        row["caption"] = caption
    return payload
