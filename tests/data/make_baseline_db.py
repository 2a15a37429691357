"""Regenerate tests/data/baseline-0001.sqlite3: a counter database as release 0.1 (schema
0001_baseline) left it, with a draft, and a finalised case still waiting in the outbox.

Kept in git on purpose: upgrades must open files made by old builds, not by today's code.
Run from the repository root: python tests/data/make_baseline_db.py
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from db.engine import make_engine, sqlite_url
from db.migrate import upgrade

TARGET = Path(__file__).with_name("baseline-0001.sqlite3")

ROWS = [
    "INSERT INTO store VALUES ('SH01', '上海徐汇店', '华东', 'Asia/Shanghai')",
    "INSERT INTO staff VALUES ('s-clerk', 'SH01', '李娜', 'clerk', NULL, 1)",
    "INSERT INTO sales_order VALUES ('o1', 'SH2511180007', 'SH01', 'cust-1', '王芳', '13812345678',"
    " '上海市徐汇区宜山路455弄', 'alipay', '2026-11-01 02:00:00', '2026-11-02 03:00:00', 68700)",
    "INSERT INTO order_line VALUES ('l1', 'o1', 1, 'KN-M-GREY', '羊毛衫 灰色 M码', 'ordinary', 2, 29900)",
    "INSERT INTO order_line VALUES ('l2', 'o1', 2, 'CUP-500', '保温杯', 'ordinary', 1, 8900)",
]
CASE = (
    "INSERT INTO return_case (id, case_no, store_code, staff_id, status, current_page, created_at,"
    " updated_at, finalised_at, channel, customer_words, emotion, priority, urgent_goods,"
    " sla_minutes, first_response_due_at, first_response_at, requester_name, is_proxy,"
    " proxy_relationship, order_no_entered, order_id, claimed_orderer_name, claimed_phone_last4,"
    " identity_status, flags, reason_category, stated_reason, real_reason, packaging_kept,"
    " tags_intact, seal_intact, signs_of_use, condition_notes, resolution, refund_cents,"
    " refund_method, resolution_notes) VALUES (:id, :no, 'SH01', 's-clerk', :status, :page,"
    " '2026-11-03 02:00:00', '2026-11-03 02:10:00', :fin, 'counter', :words, 'upset', 'urgent', 0,"
    " 15, '2026-11-03 02:15:00', '2026-11-03 02:01:00', '', 0, '', 'SH2511180007', 'o1', '王芳',"
    " '5678', 'verified', '{}', 'quality', '开线', '', 1, 1, 1, 0, '', :res, :refund, :method, '')"
)


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = make_engine(sqlite_url(TARGET))
    upgrade(engine, "0001_baseline")
    with engine.begin() as c:
        for row in ROWS:
            c.execute(text(row))
        c.execute(text(CASE), {"id": "c-final", "no": "SH01-20261103-0001", "status": "finalised",
                               "page": 5, "fin": "2026-11-03 02:10:00", "words": "领口开线",
                               "res": "refund", "refund": 29900, "method": "original"})  # fmt: skip
        c.execute(text(CASE), {"id": "c-draft", "no": "SH01-20261103-0002", "status": "draft",
                               "page": 2, "fin": None, "words": "保温杯漏水", "res": "",
                               "refund": 0, "method": ""})  # fmt: skip
        c.execute(text("INSERT INTO returned_item VALUES ('i1', 'c-final', 'l1', 1)"))
        c.execute(text("INSERT INTO returned_item VALUES ('i2', 'c-draft', 'l2', 1)"))
        c.execute(
            text(
                "INSERT INTO outbox VALUES ('op-1', 'return_case', 'c-final', 'finalise',"
                ' \'{"wire_version": 1, "case": {"id": "c-final"}}\','
                " '2026-11-03 02:10:00', 'pending', 0, '')"
            )
        )
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    for extra in ("-wal", "-shm"):
        Path(f"{TARGET}{extra}").unlink(missing_ok=True)
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
