"""The embedded demo database: stores, staff, orders and a demo item photo."""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
    QTransform,
)
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.errors import UserError
from core.ids import new_id
from core.pins import hash_pin
from db.models import Order, OrderLine, Staff, Store

# --- Named fixtures that tests, screenshots and the manual rely on ----------

DEMO_STORE = "SH01"
DEMO_CLERK_PIN = "1111"
DEMO_SUPERVISOR_PIN = "9999"
DEMO_CLERK_NAME = "李娜"  # first clerk of SH01
DEMO_SUPERVISOR_NAME = "陈静"  # supervisor of SH01

DEMO_CUSTOMER_NAME = "王芳"
DEMO_PHONE = "13812345678"
DEMO_HOME_ADDRESS = "上海市徐汇区宜山路455弄锦绣苑5号楼1202室"
DEMO_OFFICE_ADDRESS = "上海市徐汇区漕溪北路88号云锦大厦12楼1203室"

# Fixed strings: they never collide with generated numbers (generation skips
# them), whatever ``now`` is. All three orders belong to 王芳 (same customer).
DEMO_ORDER_NO = "SH2511180007"  # delivered 3 days ago: 羊毛衫 M 灰色 ×2 + 保温杯 ×1
DEMO_FRESH_ORDER_NO = "SH2511200015"  # delivered 20 h ago: 阳光玫瑰葡萄 2kg
DEMO_OLD_ORDER_NO = "SH2511090003"  # delivered 10 days ago: 羽绒服, to the office
DEMO_ORDER_TOTAL_CENTS = 2 * 29900 + 8900

DEMO_ORDERS_PER_STORE = {"SH01": 300, "SH02": 40, "HZ01": 40, "BJ01": 40}

# scrypt cost for the demo staff's PIN hashes: cheap (about 5 ms) because the
# demo PINs are public anyway; core.pins.needs_rehash() flags them.
DEMO_PIN_COST_N = 2**10

CST = timezone(timedelta(hours=8), "CST")  # Asia/Shanghai has had no DST since 1991


class DatabaseNotEmpty(UserError):
    """The demo data may only be written into a brand-new database."""


@dataclass(frozen=True)
class DemoSummary:
    stores: int
    staff: int
    orders: int
    lines: int


# --- Reference data -----------------------------------------------------------


@dataclass(frozen=True)
class _StoreSpec:
    code: str
    name: str
    region: str
    city: str
    prefix: str
    districts: tuple[tuple[str, int], ...]  # (district, weight)
    clerks: tuple[str, str]
    supervisor: str


_STORES: tuple[_StoreSpec, ...] = (
    _StoreSpec(
        "SH01",
        "上海徐汇店",
        "华东",
        "上海市",
        "SH",
        (("徐汇区", 6), ("闵行区", 2), ("长宁区", 2)),
        ("李娜", "张伟"),
        "陈静",
    ),
    _StoreSpec(
        "SH02",
        "上海浦东店",
        "华东",
        "上海市",
        "SH",
        (("浦东新区", 8), ("黄浦区", 2)),
        ("刘洋", "赵敏"),
        "周建华",
    ),
    _StoreSpec(
        "HZ01",
        "杭州西湖店",
        "华东",
        "杭州市",
        "HZ",
        (("西湖区", 5), ("上城区", 2), ("拱墅区", 2), ("滨江区", 1)),
        ("吴婷婷", "徐磊"),
        "孙丽",
    ),
    _StoreSpec(
        "BJ01",
        "北京朝阳店",
        "华北",
        "北京市",
        "BJ",
        (("朝阳区", 7), ("东城区", 2), ("海淀区", 1)),
        ("马超", "胡静怡"),
        "郭志强",
    ),
)

_ROADS: dict[str, tuple[str, ...]] = {
    "徐汇区": ("漕溪北路", "肇嘉浜路", "天钥桥路", "宜山路", "虹漕路", "田林路", "龙华中路"),
    "闵行区": ("七莘路", "沪闵路", "莘松路", "都市路", "虹井路"),
    "长宁区": ("天山路", "仙霞路", "延安西路", "古北路", "遵义路"),
    "浦东新区": ("张杨路", "世纪大道", "浦东南路", "东方路", "锦绣路", "杨高中路", "金桥路"),
    "黄浦区": ("西藏南路", "中山南路", "瞿溪路", "制造局路"),
    "西湖区": ("文三路", "教工路", "天目山路", "西溪路", "古墩路", "学院路"),
    "上城区": ("解放路", "清泰街", "秋涛路", "江城路"),
    "拱墅区": ("莫干山路", "湖墅南路", "上塘路", "大关路"),
    "滨江区": ("江南大道", "滨盛路", "网商路", "长河路"),
    "朝阳区": ("建国路", "朝阳路", "东三环中路", "望京街", "工体北路", "光华路", "酒仙桥路"),
    "东城区": ("东直门内大街", "安定门外大街", "朝阳门北大街"),
    "海淀区": ("中关村大街", "学院路", "知春路", "北四环西路"),
}

# Homes never contain 大厦 and offices never contain 号楼, so an address
# fragment tells home from office.
_COMMUNITIES: dict[str, tuple[str, ...]] = {
    "上海市": (
        "锦绣苑",
        "华亭小区",
        "长青苑",
        "枫林公寓",
        "丽水新苑",
        "汇成一村",
        "宜山花园",
        "金桥花园",
    ),
    "杭州市": ("翠苑一区", "文鼎苑", "绿园小区", "嘉绿苑", "星洲花园", "湖墅新村", "金色家园"),
    "北京市": ("团结湖北里", "望京西园", "双井家园", "芳草地小区", "安贞里", "朝阳园", "红庙北里"),
}

_OFFICES: dict[str, tuple[str, ...]] = {
    "上海市": (
        "云锦大厦",
        "汇金大厦",
        "东方国际大厦",
        "新华联大厦",
        "浦江商务大厦",
        "世纪金融大厦",
    ),
    "杭州市": ("华星科技大厦", "黄龙国际大厦", "西溪商务大厦", "钱江大厦", "滨江创新大厦"),
    "北京市": ("国贸商务大厦", "朝阳国际大厦", "望京科技大厦", "光华大厦", "中关村创业大厦"),
}

_SURNAMES = (
    "王李张刘陈杨黄赵吴周"  # the ten most common: weighted up
    "徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪金石戴贾夏邱方侯邹熊孟秦白江"
    "薛尹段雷史龙陶贺顾毛郝龚邵万钱严洪武孔"
)
_SURNAME_WEIGHTS = [6 if i < 10 else 3 if i < 30 else 1 for i in range(len(_SURNAMES))]

_GIVEN_NAMES = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟",
    "涛", "明", "超", "霞", "平", "刚", "秀英", "桂英", "建华", "晓燕", "思远", "子涵",
    "欣怡", "浩然", "雨桐", "佳怡", "宇轩", "梓萱", "俊杰", "嘉怡", "志强", "海燕",
    "文博", "婷婷", "晨曦", "一鸣", "诗涵", "家豪", "丽华", "国强", "春梅", "建国",
    "小红", "玉兰", "晓东", "慧敏", "鹏飞", "雪梅", "振宇", "梦瑶", "天佑", "若曦",
    "卫东", "红霞", "志伟", "淑珍",
)  # fmt: skip

_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "176", "177", "178", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip

_PAYMENTS = ("alipay", "wechat", "card", "cash")
_PAYMENT_WEIGHTS = (45, 40, 10, 5)


@dataclass(frozen=True)
class Product:
    """One catalogue item (a clothing size/colour is its own product)."""

    sku: str
    name: str
    category: str
    price_cents: int
    weight: float  # relative popularity


def _catalogue() -> tuple[Product, ...]:
    items: list[Product] = []

    def variants(
        sku: str,
        name: str,
        price: int,
        colours: dict[str, str],
        sizes: tuple[str, ...],
        weight: float,
        category: str = "ordinary",
    ) -> None:
        n = len(colours) * len(sizes)
        for code, colour in colours.items():
            for size in sizes:
                # Cup sizes (75B) stand alone; letter and collar sizes read "M码".
                label = size if size[0].isdigit() and size[-1].isalpha() else f"{size}码"
                items.append(
                    Product(
                        f"{sku}-{code}-{size}",
                        f"{name} {colour} {label}",
                        category,
                        price,
                        weight / n,
                    )
                )

    # Clothes.
    variants(
        "KN1001",
        "羊毛衫",
        29900,
        {"GY": "灰色", "BE": "米白", "NV": "藏青"},
        ("S", "M", "L", "XL"),
        9,
    )
    variants(
        "DJ2001", "羽绒服", 89900, {"BK": "黑色", "KH": "卡其色", "BL": "雾蓝"}, ("M", "L", "XL"), 6
    )
    variants(
        "SH3001", "牛津纺衬衫", 15900, {"WH": "白色", "LB": "浅蓝"}, ("39", "40", "41", "42"), 6
    )
    variants(
        "DR4001", "连衣裙", 25900, {"FL": "碎花", "NV": "藏青", "WR": "酒红"}, ("S", "M", "L"), 6
    )
    # Household.
    items.append(Product("HH5001", "保温杯 不锈钢 500ml", "ordinary", 8900, 6))
    items.append(Product("HH5002", "床上四件套 纯棉 1.8m床", "ordinary", 39900, 3))
    items.append(Product("HH5003", "陶瓷餐具套装 16件", "ordinary", 19900, 2))
    # Toys.
    items.append(Product("TY6001", "拼装积木 城市消防站 6岁+", "ordinary", 14900, 2))
    items.append(Product("TY6002", "毛绒玩具 大熊猫 40cm", "ordinary", 7900, 2))
    items.append(Product("TY6003", "遥控越野车 1:16", "ordinary", 16900, 1.5))
    # Electronics.
    items.append(Product("EL7001", "蓝牙耳机 主动降噪 白色", "electronics", 49900, 4))
    items.append(Product("EL7002", "电动牙刷 声波 五档", "electronics", 19900, 3))
    items.append(Product("EL7003", "充电宝 10000mAh", "electronics", 12900, 2))
    # Fresh food.
    items.append(Product("FR8001", "阳光玫瑰葡萄 2kg", "fresh", 12800, 3))
    items.append(Product("FR8002", "冰鲜三文鱼 500g", "fresh", 9800, 2.5))
    items.append(Product("FR8003", "红颜草莓 500g", "fresh", 4980, 3))
    # Medicine.
    items.append(Product("MD9001", "维生素C片 100片", "medicine", 3500, 2))
    items.append(Product("MD9002", "布洛芬缓释胶囊 0.3g×20粒", "medicine", 2380, 1.5))
    # Underwear.
    variants("UW9501", "纯棉内裤 3条装", 6900, {"MX": "混色"}, ("M", "L", "XL"), 2, "underwear")
    variants(
        "UW9502",
        "无钢圈文胸",
        12900,
        {"SK": "肤色", "BK": "黑色"},
        ("75B", "80B"),
        1.5,
        "underwear",
    )
    variants("UW9503", "保暖内衣套装", 15900, {"GY": "灰色"}, ("M", "L", "XL"), 1.5, "underwear")
    return tuple(items)


CATALOGUE: tuple[Product, ...] = _catalogue()
_BY_SKU = {p.sku: p for p in CATALOGUE}


# --- Generation -----------------------------------------------------------------


@dataclass
class _Customer:
    id: str
    name: str
    phone: str
    home: str
    office: str | None
    payment: str


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choices(_SURNAMES, _SURNAME_WEIGHTS)[0] + rng.choice(_GIVEN_NAMES)
        if name != DEMO_CUSTOMER_NAME and name not in taken:
            return name


def _phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def _home_address(rng: random.Random, city: str, district: str) -> str:
    road = rng.choice(_ROADS[district])
    community = rng.choice(_COMMUNITIES[city])
    building = rng.randint(1, 24)
    room = f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
    if city == "上海市":
        return f"{city}{district}{road}{rng.randint(10, 999)}弄{community}{building}号楼{room}"
    unit = rng.randint(1, 4)
    return f"{city}{district}{road}{rng.randint(1, 399)}号{community}{building}号楼{unit}单元{room}"


def _office_address(rng: random.Random, city: str, district: str) -> str:
    road = rng.choice(_ROADS[district])
    tower = rng.choice(_OFFICES[city])
    floor = rng.randint(3, 32)
    return f"{city}{district}{road}{rng.randint(1, 999)}号{tower}{floor}楼{floor}{rng.randint(1, 20):02d}室"


def _customers(
    rng: random.Random, spec: _StoreSpec, count: int, names: set[str], phones: set[str]
) -> list[_Customer]:
    districts = [d for d, _ in spec.districts]
    weights = [w for _, w in spec.districts]
    result = []
    for _ in range(count):
        district = rng.choices(districts, weights)[0]
        office_district = rng.choices(districts, weights)[0]
        name = _name(rng, names)
        names.add(name)
        result.append(
            _Customer(
                id=_uuid(rng),
                name=name,
                phone=_phone(rng, phones),
                home=_home_address(rng, spec.city, district),
                office=_office_address(rng, spec.city, office_district)
                if rng.random() < 0.45
                else None,
                payment=rng.choices(_PAYMENTS, _PAYMENT_WEIGHTS)[0],
            )
        )
    return result


# Share of orders by delivery age: (share, min hours ago, max hours ago);
# ``None`` = not delivered yet.
_DELIVERY_BUCKETS: tuple[tuple[float, float | None, float | None], ...] = (
    (0.08, None, None),
    (0.14, 1, 32),  # within 48 h (the fresh-goods window)
    (0.14, 50, 92),  # 2-4 days
    (0.14, 100, 160),  # 4-7 days (still inside the 7-day window)
    (0.18, 200, 330),  # 8-14 days
    (0.32, 340, 1800),  # 2 weeks to 2.5 months
)


def _business_hours(rng: random.Random, at: datetime, now: datetime) -> datetime:
    """Move a delivery time into 9:00-21:00 local time, never into the future."""
    local = at.astimezone(CST)
    if not 9 <= local.hour < 21:
        local = local.replace(hour=rng.randint(9, 20), minute=rng.randrange(60))
        if local > now:
            local -= timedelta(days=1)
    return local.astimezone(UTC)


def _pick_lines(rng: random.Random) -> list[tuple[Product, int]]:
    count = rng.choices((1, 2, 3), (60, 30, 10))[0]
    weights = [p.weight for p in CATALOGUE]
    chosen: list[Product] = []
    while len(chosen) < count:
        product = rng.choices(CATALOGUE, weights)[0]
        if all(p.sku.split("-")[0] != product.sku.split("-")[0] for p in chosen):
            chosen.append(product)
    lines = []
    for product in chosen:
        if product.category in ("fresh", "underwear", "medicine"):
            qty = rng.choices((1, 2, 3), (70, 22, 8))[0]
        else:
            qty = rng.choices((1, 2), (88, 12))[0]
        lines.append((product, qty))
    return lines


@dataclass
class _DraftOrder:
    store: str
    prefix: str
    customer: _Customer
    address: str
    payment: str
    ordered_at: datetime
    delivered_at: datetime | None
    lines: list[tuple[Product, int]]
    order_no: str = ""


def _draft_orders(
    rng: random.Random, spec: _StoreSpec, count: int, now: datetime, customers: list[_Customer]
) -> list[_DraftOrder]:
    # About a fifth of the customers are regulars who order several times.
    weights = [4 if rng.random() < 0.2 else 1 for _ in customers]
    buckets: list[int] = []
    for i, (share, _lo, _hi) in enumerate(_DELIVERY_BUCKETS):
        buckets += [i] * max(1, round(share * count))
    rng.shuffle(buckets)
    buckets = buckets[:count]
    while len(buckets) < count:
        buckets.append(len(_DELIVERY_BUCKETS) - 1)
    drafts = []
    for bucket in buckets:
        customer = rng.choices(customers, weights)[0]
        lines = _pick_lines(rng)
        fresh = any(p.category == "fresh" for p, _ in lines)
        _share, lo, hi = _DELIVERY_BUCKETS[bucket]
        delivered: datetime | None
        if lo is None or hi is None:
            delivered = None
            ordered = now - timedelta(minutes=rng.randint(60, 50 * 60))
        else:
            delivered = now - timedelta(minutes=rng.randint(int(lo * 60), int(hi * 60)))
            delivered = _business_hours(rng, delivered, now)
            transit_h = rng.uniform(8, 30) if fresh else rng.uniform(20, 96)
            ordered = delivered - timedelta(hours=transit_h)
        ordered = ordered.replace(microsecond=0, second=rng.randrange(60))
        use_office = customer.office is not None and rng.random() < 0.4
        address = customer.office if use_office and customer.office else customer.home
        payment = (
            customer.payment if rng.random() < 0.8 else rng.choices(_PAYMENTS, _PAYMENT_WEIGHTS)[0]
        )
        drafts.append(
            _DraftOrder(
                spec.code, spec.prefix, customer, address, payment, ordered, delivered, lines
            )
        )
    return drafts


def _fixture_orders(now: datetime) -> list[_DraftOrder]:
    wang = _Customer(
        id="7d1c2f4e-5b8a-4c3d-9e6f-0a1b2c3d4e5f",
        name=DEMO_CUSTOMER_NAME,
        phone=DEMO_PHONE,
        home=DEMO_HOME_ADDRESS,
        office=DEMO_OFFICE_ADDRESS,
        payment="alipay",
    )
    main_delivered = now - timedelta(days=3)
    fresh_delivered = now - timedelta(hours=20)
    old_delivered = now - timedelta(days=10)
    return [
        _DraftOrder(
            DEMO_STORE, "SH", wang, DEMO_HOME_ADDRESS, "alipay",
            main_delivered - timedelta(hours=46, minutes=12), main_delivered,
            [(_BY_SKU["KN1001-GY-M"], 2), (_BY_SKU["HH5001"], 1)],
            DEMO_ORDER_NO,
        ),
        _DraftOrder(
            DEMO_STORE, "SH", wang, DEMO_HOME_ADDRESS, "wechat",
            fresh_delivered - timedelta(hours=17, minutes=40), fresh_delivered,
            [(_BY_SKU["FR8001"], 1)],
            DEMO_FRESH_ORDER_NO,
        ),
        _DraftOrder(
            DEMO_STORE, "SH", wang, DEMO_OFFICE_ADDRESS, "wechat",
            old_delivered - timedelta(hours=70, minutes=5), old_delivered,
            [(_BY_SKU["DJ2001-BK-L"], 1)],
            DEMO_OLD_ORDER_NO,
        ),
    ]  # fmt: skip


def _number_orders(drafts: list[_DraftOrder]) -> None:
    """Give generated orders ``PREFIX + YYMMDD + serial`` numbers in time order."""
    reserved = {d.order_no for d in drafts if d.order_no}
    serials: dict[str, int] = {}
    for draft in sorted(drafts, key=lambda d: d.ordered_at):
        if draft.order_no:
            continue
        day = draft.prefix + draft.ordered_at.astimezone(CST).strftime("%y%m%d")
        while True:
            serials[day] = serials.get(day, 0) + 1
            order_no = f"{day}{serials[day]:04d}"
            if order_no not in reserved:
                break
        draft.order_no = order_no


def seed_demo(session: Session, now: datetime, seed: int = 7) -> DemoSummary:
    """Fill an empty database with the demo stores, staff and orders.

    Deterministic for a given ``seed`` and ``now`` (except record ids, which
    are UUIDv7s). The caller commits. Raises DatabaseNotEmpty if any store or
    order exists already.
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime")
    if session.scalar(select(Store.code).limit(1)) is not None or (
        session.scalar(select(Order.id).limit(1)) is not None
    ):
        raise DatabaseNotEmpty("演示数据只能写入空数据库（已有门店或订单）。")

    rng = random.Random(seed)
    now = now.astimezone(UTC)

    store_rows = [
        {"code": s.code, "name": s.name, "region": s.region, "timezone": "Asia/Shanghai"}
        for s in _STORES
    ]
    staff_rows: list[dict[str, Any]] = []
    for s in _STORES:
        people = [(s.clerks[0], "clerk", DEMO_CLERK_PIN), (s.clerks[1], "clerk", DEMO_CLERK_PIN)]
        people.append((s.supervisor, "supervisor", DEMO_SUPERVISOR_PIN))
        for name, role, pin in people:
            staff_rows.append(
                {
                    "id": new_id(),
                    "store_code": s.code,
                    "name": name,
                    "role": role,
                    "pin_hash": hash_pin(pin, n=DEMO_PIN_COST_N),
                    "active": True,
                }
            )

    names: set[str] = set()
    phones: set[str] = {DEMO_PHONE}
    drafts = _fixture_orders(now)
    for spec in _STORES:
        count = DEMO_ORDERS_PER_STORE[spec.code]
        if spec.code == DEMO_STORE:
            count -= len(drafts)
        customers = _customers(rng, spec, max(8, round(count * 0.6)), names, phones)
        drafts += _draft_orders(rng, spec, count, now, customers)
    _number_orders(drafts)

    order_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    for draft in sorted(drafts, key=lambda d: (d.store, d.ordered_at)):
        order_id = new_id()
        total = 0
        for line_no, (product, qty) in enumerate(draft.lines, start=1):
            total += product.price_cents * qty
            line_rows.append(
                {
                    "id": new_id(),
                    "order_id": order_id,
                    "line_no": line_no,
                    "sku": product.sku,
                    "name": product.name,
                    "category": product.category,
                    "quantity": qty,
                    "unit_price_cents": product.price_cents,
                }
            )
        order_rows.append(
            {
                "id": order_id,
                "order_no": draft.order_no,
                "store_code": draft.store,
                "customer_id": draft.customer.id,
                "customer_name": draft.customer.name,
                "phone": draft.customer.phone,
                "address": draft.address,
                "payment_method": draft.payment,
                "ordered_at": draft.ordered_at,
                "delivered_at": draft.delivered_at,
                "total_cents": total,
            }
        )

    session.execute(insert(Store), store_rows)
    session.execute(insert(Staff), staff_rows)
    session.execute(insert(Order), order_rows)
    session.execute(insert(OrderLine), line_rows)
    session.flush()
    return DemoSummary(
        stores=len(store_rows), staff=len(staff_rows), orders=len(order_rows), lines=len(line_rows)
    )


# --- Demo item photo ------------------------------------------------------------

_FRAME_W, _FRAME_H = 1600, 1200  # the photo is laid out in this frame, then scaled
_TILT = -3.5  # degrees: the sweater lies a little askew, as on a real counter


def _noise_image(rng: random.Random, width: int, height: int) -> QImage:
    """Uniform grey-scale noise as an RGB32 image."""
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    stride = image.bytesPerLine()
    memoryview(image.bits())[: stride * height] = rng.randbytes(stride * height)
    return image.convertToFormat(QImage.Format.Format_RGB32)


def _soft_shadow(path: QPainterPath, width: int, height: int, scale: int = 12) -> QImage:
    """The silhouette of ``path`` blurred: drawn small, then scaled up smoothly twice."""
    small = QImage(width // scale, height // scale, QImage.Format.Format_ARGB32_Premultiplied)
    small.fill(Qt.GlobalColor.transparent)
    p = QPainter(small)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(1 / scale, 1 / scale)
        p.fillPath(path, QColor(28, 16, 8, 255))
    finally:
        p.end()
    smooth = Qt.TransformationMode.SmoothTransformation
    ignore = Qt.AspectRatioMode.IgnoreAspectRatio
    mid = small.scaled(width // 4, height // 4, ignore, smooth)
    return mid.scaled(width, height, ignore, smooth)


def _draw_table(p: QPainter, rng: random.Random, width: int, height: int) -> None:
    """Oiled oak planks: a warm gradient, wavy grain, knots and plank seams."""
    base = QLinearGradient(0, 0, width, height)
    base.setColorAt(0.0, QColor(188, 146, 104))
    base.setColorAt(0.5, QColor(162, 117, 77))
    base.setColorAt(1.0, QColor(120, 82, 52))
    p.fillRect(0, 0, width, height, base)
    # Grain pens; each grain's segments are batched per pen (few Qt calls).
    pens = [QPen(QColor(70, 42, 20, a), w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
            for a, w in ((20, 0.8), (32, 1.4), (45, 2.2), (28, 3.0))]  # fmt: skip
    pens += [QPen(QColor(230, 190, 140, a), w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
             for a, w in ((16, 1.0), (28, 1.8), (22, 2.8))]  # fmt: skip
    grains: list[list[QLineF]] = [[] for _ in pens]
    seams: list[QLineF] = []
    knots: list[QPointF] = []
    plank_h = height / 4.3
    y = -rng.uniform(0, plank_h / 2)
    while y < height:
        tint = rng.randint(-14, 14)
        p.fillRect(QRectF(0, y, width, plank_h), QColor(120 + tint, 80 + tint, 45, 40))
        for _ in range(int(plank_h / 5)):
            gy = y + rng.uniform(0, plank_h)
            amp = rng.uniform(1.5, 7)
            freq = rng.uniform(0.002, 0.008)
            phase = rng.uniform(0, math.tau)
            points = [
                QPointF(x, gy + amp * math.sin(x * freq + phase)) for x in range(0, width + 40, 20)
            ]
            group = grains[rng.randrange(len(pens))]
            group += [QLineF(a, b) for a, b in zip(points, points[1:], strict=False)]
        if rng.random() < 0.6:
            knots.append(
                QPointF(rng.uniform(0, width), y + rng.uniform(plank_h / 4, plank_h * 3 / 4))
            )
        y += plank_h
        seams.append(QLineF(0, y, width, y))
    for pen, lines in zip(pens, grains, strict=True):
        p.setPen(pen)
        p.drawLines(lines)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor(80, 48, 24, 40), 1.2))
    for knot in knots:
        for ring in range(5):
            p.drawEllipse(knot, 5 + ring * 4, 1.5 + ring * 1.6)
    p.setPen(QPen(QColor(55, 32, 16, 170), 3))
    p.drawLines(seams)
    p.setPen(QPen(QColor(220, 180, 130, 60), 1.5))
    p.drawLines([line.translated(0, 2.5) for line in seams])


def _sweater_parts() -> tuple[QPainterPath, QPainterPath, QPainterPath, QPainterPath]:
    """Body, left sleeve, right sleeve and neck hole of a flat-laid crew-neck jumper."""
    body = QPainterPath(QPointF(700, 200))
    body.cubicTo(728, 262, 872, 262, 900, 200)  # front neckline
    body.lineTo(1060, 236)  # right shoulder
    body.cubicTo(1092, 246, 1106, 276, 1106, 316)
    body.lineTo(1092, 620)
    body.cubicTo(1088, 760, 1100, 900, 1108, 1012)  # right side seam
    body.lineTo(492, 1012)  # hem
    body.cubicTo(500, 900, 512, 760, 508, 620)
    body.lineTo(494, 316)
    body.cubicTo(494, 276, 508, 246, 540, 236)
    body.closeSubpath()

    left = QPainterPath(QPointF(540, 236))
    left.cubicTo(488, 250, 452, 286, 432, 340)
    left.lineTo(262, 900)  # outer edge down to the cuff
    left.cubicTo(300, 922, 350, 932, 396, 930)  # cuff end
    left.lineTo(512, 560)  # inner edge back up to the armpit
    left.lineTo(506, 320)
    left.closeSubpath()

    right = QTransform().translate(_FRAME_W, 0).scale(-1, 1).map(left)

    neck = QPainterPath(QPointF(700, 200))
    neck.cubicTo(728, 262, 872, 262, 900, 200)
    neck.cubicTo(862, 176, 738, 176, 700, 200)
    return body, left, right, neck


def _knit(
    p: QPainter,
    clip: QPainterPath,
    origin: QPointF,
    angle: float,
    length: float,
    breadth: float,
    base: QColor,
    rib: bool = False,
) -> None:
    """Stockinette "V" stitches (or ribbing) over ``clip``; columns run along ``angle``.

    ``origin`` is the top centre of the knitted strip in device coordinates,
    ``angle`` turns its columns from straight down, ``breadth`` is half its width.
    """
    p.save()
    p.setClipPath(clip)
    p.translate(origin)
    p.rotate(angle)
    p.fillRect(QRectF(-breadth, -40, 2 * breadth, length + 80), base)
    sw, sh = 18.0, 14.0
    light = base.lighter(130)
    dark = base.darker(155)
    light.setAlpha(200)
    dark.setAlpha(180)
    cap = Qt.PenCapStyle.RoundCap
    solid = Qt.PenStyle.SolidLine
    if rib:
        step = sw / 2
        ribs = [QLineF(-breadth + c * step, -40, -breadth + c * step, length + 40)
                for c in range(int(2 * breadth / step) + 2)]  # fmt: skip
        p.setPen(QPen(light, step - 2, solid, cap))
        p.drawLines(ribs[0::2])
        p.setPen(QPen(dark, step - 2, solid, cap))
        p.drawLines(ribs[1::2])
    else:
        legs: list[QLineF] = []
        gaps: list[QLineF] = []
        for c in range(int(2 * breadth / sw) + 2):
            x = -breadth + c * sw
            for r in range(int((length + 80) / sh) + 2):
                y = -40 + r * sh
                mid = QPointF(x + sw / 2, y + sh)
                legs.append(QLineF(QPointF(x + 2.5, y + 1.5), mid))
                legs.append(QLineF(QPointF(x + sw - 2.5, y + 1.5), mid))
                gaps.append(QLineF(QPointF(x + sw / 2, y + 3), QPointF(x + sw / 2, y + sh)))
        p.setPen(QPen(dark, 2.6, solid, cap))
        p.drawLines(gaps)
        p.setPen(QPen(light, 5.0, solid, cap))
        p.drawLines(legs)
    p.restore()


def _cable(p: QPainter, clip: QPainterPath, origin: QPointF, length: float, base: QColor) -> None:
    """A rope cable: two twisted strands between purl channels, running down."""
    p.save()
    p.setClipPath(clip)
    p.translate(origin)
    p.rotate(_TILT)
    cap = Qt.PenCapStyle.RoundCap
    solid = Qt.PenStyle.SolidLine
    p.fillRect(QRectF(-44, -20, 88, length + 40), base.darker(135))
    repeat = 84.0
    y = -20.0
    while y < length:
        under = QPainterPath(QPointF(22, y))
        under.cubicTo(22, y + 34, -22, y + 50, -22, y + repeat)
        over = QPainterPath(QPointF(-22, y))
        over.cubicTo(-22, y + 34, 22, y + 50, 22, y + repeat)
        p.setPen(QPen(base.darker(112), 30, solid, cap))
        p.drawPath(under)
        p.setPen(QPen(QColor(20, 20, 24, 90), 34, solid, cap))
        p.drawPath(over.translated(3, 4))
        p.setPen(QPen(base.lighter(112), 30, solid, cap))
        p.drawPath(over)
        p.setPen(QPen(QColor(255, 255, 255, 45), 8, solid, cap))
        p.drawPath(over.translated(-7, -2))
        y += repeat
    # Purl channels either side.
    for x in (-52.0, 52.0):
        p.setPen(QPen(base.darker(150), 6, solid, cap))
        p.drawLine(QPointF(x, -20), QPointF(x, length + 20))
    p.restore()


def _draw_tag(p: QPainter, rng: random.Random, tilt: QTransform) -> None:
    """The swing tag (吊牌), still attached by its string near the collar."""
    p.setTransform(tilt)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor(238, 238, 230), 2.2))
    string = QPainterPath(QPointF(872, 232))
    string.cubicTo(930, 262, 955, 312, 990, 338)
    p.drawPath(string)
    p.setTransform(QTransform().translate(1018, 388).rotate(24) * tilt)
    tag = QPainterPath()
    tag.addRoundedRect(QRectF(-46, -56, 92, 150), 8, 8)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 70))
    p.drawPath(tag.translated(6, 8))
    paper = QLinearGradient(-46, -56, 46, 94)
    paper.setColorAt(0, QColor(222, 198, 156))
    paper.setColorAt(1, QColor(196, 170, 128))
    p.setBrush(paper)
    p.drawPath(tag)
    p.setBrush(QColor(110, 92, 70))
    p.drawEllipse(QPointF(0, -38), 6, 6)
    p.setBrush(QColor(40, 36, 32))
    bx = -32.0
    while bx < 30:
        bar = rng.choice((1.5, 2.5, 4.0))
        p.drawRect(QRectF(bx, 42, bar, 38))
        bx += bar + rng.choice((1.5, 2.5, 3.5))
    p.setBrush(QColor(70, 58, 46))
    for row in range(3):
        p.drawRect(QRectF(-30, -14 + row * 14, 60 - row * 16, 5))
    p.setTransform(QTransform())


def _paint_photo(p: QPainter, rng: random.Random) -> None:
    w0, h0 = _FRAME_W, _FRAME_H
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    # The table is drawn at half size and scaled up: faster, and the soft
    # focus suits a background.
    table = QImage(w0 // 2, h0 // 2, QImage.Format.Format_RGB32)
    tp = QPainter(table)
    try:
        tp.setRenderHint(QPainter.RenderHint.Antialiasing)
        _draw_table(tp, rng, w0 // 2, h0 // 2)
    finally:
        tp.end()
    p.drawImage(QRectF(0, 0, w0, h0), table)

    tilt = QTransform().translate(w0 / 2, h0 / 2).rotate(_TILT).translate(-w0 / 2, -h0 / 2)
    body, left, right, neck = (tilt.map(part) for part in _sweater_parts())
    outline = body.united(left).united(right).subtracted(neck)

    # Soft shadow on the table, away from the light (top left).
    p.setOpacity(0.6)
    p.drawImage(QPointF(16, 24), _soft_shadow(outline, w0, h0))
    p.setOpacity(1.0)

    wool = QColor(128, 130, 134)
    # Sleeves lie under the body; their columns run down the sleeve.
    for sleeve, top, cuff in (
        (left, QPointF(478, 290), QPointF(330, 915)),
        (right, QPointF(w0 - 478, 290), QPointF(w0 - 330, 915)),
    ):
        dx, dy = cuff.x() - top.x(), cuff.y() - top.y()
        angle = math.degrees(math.atan2(-dx, dy)) + _TILT
        length = math.hypot(dx, dy)
        _knit(p, sleeve, tilt.map(top), angle, length, 150, wool.darker(108))
        band = QPointF(top.x() + dx * 0.86, top.y() + dy * 0.86)
        _knit(p, sleeve, tilt.map(band), angle, length * 0.2, 150, wool.darker(114), rib=True)
        p.save()
        p.setClipPath(sleeve)
        p.setPen(QPen(QColor(60, 62, 66, 110), 3))
        p.drawLine(
            tilt.map(QPointF(band.x() - 95 * dy / length, band.y() + 95 * dx / length)),
            tilt.map(QPointF(band.x() + 95 * dy / length, band.y() - 95 * dx / length)),
        )
        p.restore()
    _knit(p, body, tilt.map(QPointF(800, 170)), _TILT, 850, 340, wool)
    _cable(p, body.subtracted(neck), tilt.map(QPointF(800, 230)), 700, wool)
    hem = QPainterPath()
    hem.addRect(QRectF(470, 938, 660, 90))
    _knit(p, body.intersected(tilt.map(hem)), tilt.map(QPointF(800, 930)), _TILT, 100, 340,
          wool.darker(112), rib=True)  # fmt: skip

    # Collar band: a ring of ribbing around the neck hole.
    ring = QPainterPath(QPointF(680, 197))
    ring.cubicTo(716, 290, 884, 290, 920, 197)
    ring.cubicTo(874, 158, 726, 158, 680, 197)
    collar = tilt.map(ring).subtracted(neck)
    _knit(p, collar, tilt.map(QPointF(800, 150)), _TILT, 160, 200, wool.darker(114), rib=True)
    p.fillPath(neck, QColor(84, 86, 90))  # the inside of the back, seen through the neck
    inner = QLinearGradient(tilt.map(QPointF(800, 185)), tilt.map(QPointF(800, 245)))
    inner.setColorAt(0, QColor(30, 30, 34, 170))
    inner.setColorAt(1, QColor(30, 30, 34, 0))
    p.fillPath(neck, inner)

    # Seams: shoulders, armholes, hem band.
    p.setPen(QPen(QColor(64, 66, 70, 140), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for a, b in (
        ((900, 200), (1060, 236)),
        ((700, 200), (540, 236)),
        ((496, 320), (510, 600)),
        ((1104, 320), (1090, 600)),
        ((494, 938), (1106, 938)),
    ):
        p.drawLine(tilt.map(QPointF(*a)), tilt.map(QPointF(*b)))

    # Light from the top left, soft folds, darker rolled edges.
    p.save()
    p.setClipPath(outline)
    light = QRadialGradient(tilt.map(QPointF(620, 300)), 1000)
    light.setColorAt(0.0, QColor(255, 255, 255, 70))
    light.setColorAt(0.5, QColor(255, 255, 255, 0))
    light.setColorAt(1.0, QColor(0, 0, 0, 100))
    p.fillRect(0, 0, w0, h0, light)
    cap = Qt.PenCapStyle.RoundCap
    solid = Qt.PenStyle.SolidLine
    # Soft creases: from the armpits towards the middle, and above the hem.
    for a, c1, c2, b in (
        ((520, 640), (620, 650), (700, 700), (770, 780)),
        ((1080, 640), (980, 650), (900, 700), (830, 780)),
        ((540, 860), (640, 840), (760, 850), (860, 900)),
    ):
        crease = QPainterPath(tilt.map(QPointF(*a)))
        crease.cubicTo(tilt.map(QPointF(*c1)), tilt.map(QPointF(*c2)), tilt.map(QPointF(*b)))
        p.setPen(QPen(QColor(20, 20, 26, 34), 34, solid, cap))
        p.drawPath(crease)
        p.setPen(QPen(QColor(20, 20, 26, 30), 12, solid, cap))
        p.drawPath(crease)
        p.setPen(QPen(QColor(255, 255, 255, 30), 14, solid, cap))
        p.drawPath(crease.translated(-12, -14))
    p.setPen(QPen(QColor(24, 24, 28, 80), 12))
    p.drawPath(outline)
    p.restore()

    # Fuzz: stray fibres along the outline.
    fibres: list[QLineF] = []
    for i in range(900):
        pt = outline.pointAtPercent(i / 900)
        turn = rng.uniform(0, math.tau)
        r = rng.uniform(2, 8)
        end = QPointF(pt.x() + r * math.cos(turn), pt.y() + r * math.sin(turn))
        fibres.append(QLineF(pt, end))
    p.setPen(QPen(QColor(160, 162, 166, 110), 1))
    p.drawLines(fibres)

    _draw_tag(p, rng, tilt)

    # Camera look: vignette, uneven light, sensor grain.
    vignette = QRadialGradient(QPointF(w0 * 0.46, h0 * 0.45), w0 * 0.75)
    vignette.setColorAt(0.5, QColor(0, 0, 0, 0))
    vignette.setColorAt(1.0, QColor(0, 0, 0, 130))
    p.fillRect(0, 0, w0, h0, vignette)
    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SoftLight)
    blotches = _noise_image(rng, 12, 9).scaled(
        w0, h0, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    p.setOpacity(0.22)
    p.drawImage(0, 0, blotches)
    p.setOpacity(0.12)
    p.drawImage(0, 0, _noise_image(rng, w0, h0))


def make_demo_item_photo(path: Path, width: int = 1600, height: int = 1200) -> Path:
    """Draw a photo-like grey cable-knit sweater on a wooden table and save it as JPEG.

    QtGui only (a QGuiApplication must exist, offscreen is fine); deterministic.
    """
    image = QImage(_FRAME_W, _FRAME_H, QImage.Format.Format_RGB32)
    p = QPainter(image)
    try:
        _paint_photo(p, random.Random(1600))
    finally:
        p.end()
    if (width, height) != (_FRAME_W, _FRAME_H):
        image = image.scaled(
            width,
            height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # PySide6 wants the format as str at run time; its stubs say bytes.
    if not image.save(str(path), "JPEG", 88):  # type: ignore[call-overload]
        raise OSError(f"could not write a JPEG to {path}")
    return path


def add_demo_lead_notes(session: Session, case_id: str, case_no: str) -> None:
    """Two notes a regional lead might leave on a case, as a pull would store them.

    For the screenshots of the counter's "Finalised cases" window only: real notes come
    from the centre.
    """
    from db.models import Annotation

    now = datetime.now(UTC)
    session.add_all(
        [
            Annotation(
                id=new_id(), case_id=case_id, case_no=case_no, author_name="刘敏",
                text="照片清楚，霉变明显，退款合理。请把这批葡萄的批号报给采购。",
                verdict="", created_at=now - timedelta(hours=3),
            ),
            Annotation(
                id=new_id(), case_id=case_id, case_no=case_no, author_name="刘敏",
                text="", verdict="needs_follow_up", created_at=now - timedelta(hours=2),
            ),
        ]
    )  # fmt: skip
