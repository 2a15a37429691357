"""What the review dashboard draws (GET /v1/review/dashboard), as plain data.

ReviewClient.dashboard() fetches it for the same CaseFilters the case table uses; the
numbers are counted on the server, in SQL, over the lead's region only. Rates are
worked out here from the counts, so every chart and its tooltip agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class DashboardTotals:
    cases: int = 0
    refund_cents: int = 0
    goodwill_cases: int = 0
    goodwill_cents: int = 0
    sla_breached: int = 0
    identity_overrides: int = 0


@dataclass(frozen=True)
class ReasonSeries:
    reason: str
    counts: list[int]  # aligned with Timeline.buckets


@dataclass(frozen=True)
class Timeline:
    unit: str  # day | week | month | year (store-local calendar buckets)
    buckets: list[date]  # first day of each bucket
    series: list[ReasonSeries]


@dataclass(frozen=True)
class StoreStats:
    store_code: str
    store_name: str
    cases: int
    refund_cents: int
    goodwill_cases: int
    goodwill_cents: int
    sla_breached: int
    identity_overrides: int

    @property
    def sla_compliance(self) -> float | None:
        """Share of cases answered in time (None without cases)."""
        return (self.cases - self.sla_breached) / self.cases if self.cases else None

    @property
    def override_rate(self) -> float | None:
        """Share of cases finalised on an identity override (None without cases)."""
        return self.identity_overrides / self.cases if self.cases else None


@dataclass(frozen=True)
class ProductStats:
    sku: str
    name: str
    cases: int
    quantity: int


@dataclass(frozen=True)
class Dashboard:
    region: str
    timezone: str
    totals: DashboardTotals
    timeline: Timeline
    stores: list[StoreStats]
    quality_reasons: list[str]
    products: list[ProductStats]
    loaded_at: datetime
    filters: Any = field(default=None)  # the core.review.CaseFilters it was loaded for


def parse_dashboard(body: dict[str, Any], loaded_at: datetime, filters: Any) -> Dashboard:
    t = body.get("totals") or {}
    timeline = body.get("timeline") or {}
    return Dashboard(
        region=str(body.get("region", "")),
        timezone=str(body.get("timezone", "")),
        totals=DashboardTotals(
            cases=int(t.get("cases", 0)),
            refund_cents=int(t.get("refund_cents", 0)),
            goodwill_cases=int(t.get("goodwill_cases", 0)),
            goodwill_cents=int(t.get("goodwill_cents", 0)),
            sla_breached=int(t.get("sla_breached", 0)),
            identity_overrides=int(t.get("identity_overrides", 0)),
        ),
        timeline=Timeline(
            unit=str(timeline.get("unit", "day")),
            buckets=[date.fromisoformat(b) for b in timeline.get("buckets", [])],
            series=[
                ReasonSeries(str(s["reason"]), [int(n) for n in s["counts"]])
                for s in timeline.get("series", [])
            ],
        ),
        stores=[
            StoreStats(
                store_code=str(s["store_code"]),
                store_name=str(s.get("store_name", "")),
                cases=int(s["cases"]),
                refund_cents=int(s.get("refund_cents", 0)),
                goodwill_cases=int(s.get("goodwill_cases", 0)),
                goodwill_cents=int(s.get("goodwill_cents", 0)),
                sla_breached=int(s.get("sla_breached", 0)),
                identity_overrides=int(s.get("identity_overrides", 0)),
            )
            for s in body.get("stores", [])
        ],
        quality_reasons=[str(r) for r in body.get("quality_reasons", [])],
        products=[
            ProductStats(
                sku=str(p["sku"]),
                name=str(p.get("name", "")),
                cases=int(p["cases"]),
                quantity=int(p.get("quantity", 0)),
            )
            for p in body.get("products", [])
        ],
        loaded_at=loaded_at,
        filters=filters,
    )
