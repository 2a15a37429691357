"""The review dashboard's answer (GET /v1/review/dashboard), as models for the OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from server.schemas import Model

BucketUnit = Literal["day", "week", "month", "year"]


class DashboardTotals(Model):
    cases: int = Field(description="cases matching the filters")
    refund_cents: int = Field(description="sum of the refunds")
    goodwill_cases: int = Field(description="cases with the goodwill flag")
    goodwill_cents: int = Field(
        description="sum of the goodwill values the counters sent on the goodwill cases "
        "(0 where a counter sent none)"
    )
    sla_breached: int = Field(description="cases whose first response came after it was due")
    identity_overrides: int = Field(description="cases finalised on an identity override")


class ReasonSeries(Model):
    reason: str = Field(description="a reason category code")
    counts: list[int] = Field(description="cases per bucket, aligned with timeline.buckets")


class Timeline(Model):
    """Cases per reason per store-local calendar bucket."""

    unit: BucketUnit = Field(
        description="day up to 62 days, week (Monday first) up to 2 years, month up to 20 "
        "years, else year"
    )
    buckets: list[date] = Field(description="the first day of each bucket, oldest first")
    series: list[ReasonSeries] = Field(description="one per reason present, most cases first")


class StoreStats(Model):
    store_code: str
    store_name: str
    cases: int
    refund_cents: int
    goodwill_cases: int
    goodwill_cents: int
    sla_breached: int = Field(description="cases whose first response came after it was due")
    identity_overrides: int


class ProductStats(Model):
    sku: str
    name: str = Field(description="the product's name on its order line")
    cases: int = Field(description="quality-return cases that returned this SKU")
    quantity: int = Field(description="units returned in those cases")


class Dashboard(Model):
    """Everything the dashboard draws, for the same filters as the case list."""

    region: str
    timezone: str = Field(
        description="the region's zone (the one most of its stores use): the timeline's ends"
    )
    totals: DashboardTotals
    timeline: Timeline
    stores: list[StoreStats] = Field(description="stores with matching cases, by code")
    quality_reasons: list[str] = Field(
        description="reason codes that count as quality returns (fault = true in the policy)"
    )
    products: list[ProductStats] = Field(
        description="SKUs with the most quality-return cases, most first (at most 10)"
    )
