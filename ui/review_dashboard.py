"""The regional lead's dashboard tab: the region's returns as charts, for the case list's filters.

Totals as big numbers (cases, refunds, goodwill, SLA compliance, identity overrides),
returns over time by reason (stacked bars; store-local days or weeks), returns, SLA
compliance and identity-override rate per store, and the products with the most quality
returns. Every number is counted by the server (core.review.ReviewClient.dashboard).

PySide6.QtCharts is imported the first time the tab is shown, not at start-up: it is a
large module and most sessions start on the case list. The figures reload whenever the
tab is shown or the filters change while it is; when the server cannot be reached the
last figures stay on screen and the window's banner says how old they are.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Coroutine
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.dashboard import Dashboard, StoreStats
from core.review import CaseFilters, ReviewClient, ReviewError

if TYPE_CHECKING:
    from PySide6.QtCharts import QChart, QChartView

log = logging.getLogger(__name__)

RETRY_OFFLINE_MS = 30_000
AXIS_LABELS_MAX = 10  # more buckets than this: only every n-th is labelled
LABEL_COLOUR = "#1a202c"
REASON_COLOURS = {
    "quality": "#c0392b",
    "logistics": "#e69f00",
    "size_colour": "#0072b2",
    "not_as_described": "#56b4e9",
    "wrong_item": "#8e44ad",
    "missing_parts": "#009e73",
    "changed_mind": "#7f8c8d",
    "other": "#bdc3c7",
}
OTHER_COLOURS = ("#d35400", "#16a085", "#2c3e50", "#f39c12")
STORE_COLOUR = "#30638e"
SLA_COLOUR = "#2e8b57"
OVERRIDE_COLOUR = "#b9770e"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def bucket_label(day: date, unit: str) -> str:
    """Short, unambiguous in every language: 11-03, 2026-11, 2026."""
    if unit == "year":
        return f"{day.year}"
    if unit == "month":
        return f"{day.year}-{day.month:02d}"
    return f"{day.month:02d}-{day.day:02d}"


def axis_steps(value: float, ticks: int = 4) -> tuple[float, float]:
    """(end, step) of an axis from 0 showing ``value``: a whole step of 1, 2 or 5 times a
    power of ten, about ``ticks`` of them."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    steps = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)  # whole numbers only
    step = next((m * power for m in steps if raw <= m * power), 10 * power)
    return float(math.ceil(value / step) * step), float(step)


class StatTile(QFrame):
    """A caption, a big number and a small note."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#{name} {{ background: #f7f9fc; border: 1px solid #d6dde8; border-radius: 6px; }}"
        )
        self.caption = QLabel()
        self.caption.setStyleSheet("color:#4a5568; border:none;")
        self.value = QLabel()
        self.value.setObjectName(f"{name}Value")
        self.value.setStyleSheet("font-size: 20pt; font-weight: bold; color:#1a202c; border:none;")
        self.note = QLabel()
        self.note.setStyleSheet("color:#718096; border:none;")
        v = QVBoxLayout(self)
        v.setContentsMargins(12, 8, 12, 8)
        v.setSpacing(2)
        v.addWidget(self.caption)
        v.addWidget(self.value)
        v.addWidget(self.note)

    def set(self, caption: str, value: str, note: str = "") -> None:
        self.caption.setText(caption)
        self.value.setText(value)
        self.note.setText(note)
        self.setAccessibleName(f"{caption}: {value} {note}".strip())


class ReviewDashboard(QWidget):
    sig_loaded = Signal(object)
    """New figures are shown (a core.dashboard.Dashboard)."""
    sig_load_failed = Signal(str)
    """The figures could not be loaded; the message says why."""
    sig_state_changed = Signal()
    """Offline / refused / back: the window updates its banner."""

    def __init__(
        self,
        client: ReviewClient,
        spawn: Callable[[Coroutine[Any, Any, Any]], asyncio.Task[Any]],
        alive: Callable[[], bool],
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDashboard")
        self.client = client
        self._spawn = spawn
        self._alive = alive
        self._now = now
        self.filters = CaseFilters()
        self.data: Dashboard | None = None
        self.offline = False
        self.error = ""
        self._task: asyncio.Task[Any] | None = None
        self._built = False
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self._retry)

        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.addWidget(self.placeholder)
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_filters(self, filters: CaseFilters) -> None:
        """The case list's filters changed: reload now if the tab is on screen."""
        self.filters = filters
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()  # the newest filters win
        self.retry_timer.stop()
        self._task = self._spawn(self._load(self.filters))

    def banner_state(self) -> tuple[bool, str, datetime | None]:
        """(offline, the server's refusal, when the figures shown were loaded)."""
        return self.offline, self.error, self.data.loaded_at if self.data else None

    # -- Qt overrides --------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ensure_built()
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.placeholder.setText(self.tr("Loading the dashboard…"))
        if self._built:
            self.timeline_view.setAccessibleName(self.tr("Returns over time by reason"))
            self.products_title.setText(self.tr("Products with the most quality returns"))
            self.products.setHorizontalHeaderLabels(
                [self.tr("SKU"), self.tr("Product"), self.tr("Cases"), self.tr("Units")]
            )
            self.products.setAccessibleName(self.tr("Products with the most quality returns"))
            self.draw()

    # -- private: loading ----------------------------------------------------

    def _retry(self) -> None:
        if self.isVisible():
            self.reload()

    async def _load(self, filters: CaseFilters) -> None:
        try:
            result = await self.client.dashboard(filters)
        except ReviewError as exc:
            if self._alive():
                self._failed(exc)
            return
        except Exception as exc:  # a bug: logged, and said in plain words
            log.exception("dashboard failed")
            if self._alive():
                message = self.tr("Something went wrong: {0}").format(exc)
                self._failed(ReviewError(message, retryable=False))
            return
        if not self._alive():
            return
        self.offline, self.error = False, ""
        self.data = result
        self.draw()
        self.sig_state_changed.emit()
        self.sig_loaded.emit(result)

    def _failed(self, exc: ReviewError) -> None:
        self.offline, self.error = exc.offline, exc.message
        if exc.offline:
            last = self.client.last_dashboard
            if last is not None and self.data is not last:
                self.data = last  # the last figures loaded stay readable
                self.draw()
            self.retry_timer.start(RETRY_OFFLINE_MS)
        self.sig_state_changed.emit()
        self.sig_load_failed.emit(exc.message)

    # -- private: building (QtCharts is imported here, once) -------------------

    def _ensure_built(self) -> None:
        if self._built:
            return
        from PySide6.QtCharts import QChartView

        self.tiles = {
            name: StatTile(f"dashboard{name.title().replace('_', '')}")
            for name in ("cases", "refunds", "goodwill", "sla", "overrides")
        }
        tiles_row = QHBoxLayout()
        for tile in self.tiles.values():
            tiles_row.addWidget(tile, 1)

        def chart_view(name: str, height: int) -> QChartView:
            view = QChartView()
            view.setObjectName(name)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(height)
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            return view

        self.timeline_view = chart_view("dashboardTimeline", 260)
        self.stores_view = chart_view("dashboardStores", 200)
        self.sla_view = chart_view("dashboardSla", 200)
        self.overrides_view = chart_view("dashboardOverrides", 200)

        self.products_title = QLabel()
        self.products_title.setStyleSheet("font-weight: bold;")
        self.products_note = QLabel()
        self.products_note.setStyleSheet("color:#718096;")
        self.products = QTableWidget(0, 4)
        self.products.setObjectName("dashboardProducts")
        self.products.verticalHeader().hide()
        self.products.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.products.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.products.setAlternatingRowColors(True)
        self.products.setWordWrap(False)
        header = self.products.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        products_box = QWidget()
        pv = QVBoxLayout(products_box)
        pv.setContentsMargins(0, 8, 0, 0)
        pv.addWidget(self.products_title)
        pv.addWidget(self.products_note)
        pv.addWidget(self.products, 1)

        grid = QGridLayout()
        grid.addWidget(self.timeline_view, 0, 0, 1, 2)
        grid.addWidget(products_box, 0, 2)
        grid.addWidget(self.stores_view, 1, 0)
        grid.addWidget(self.sla_view, 1, 1)
        grid.addWidget(self.overrides_view, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 4)

        content = QWidget()
        content.setObjectName("dashboardContent")
        v = QVBoxLayout(content)
        v.addLayout(tiles_row)
        v.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setObjectName("dashboardScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        content.setMinimumSize(960, 580)

        self.placeholder.hide()
        self._outer.addWidget(scroll)
        self._built = True
        self.retranslate()

    # -- private: drawing ----------------------------------------------------------

    def draw(self) -> None:
        """Draw ``self.data`` (nothing to do before the tab was first shown)."""
        if not self._built:
            return
        d = self.data
        if d is None:
            for tile in self.tiles.values():
                tile.set("", "…")
            return
        t = d.totals
        breached = t.sla_breached
        self.tiles["cases"].set(self.tr("Cases"), f"{t.cases:,}")
        self.tiles["refunds"].set(self.tr("Refunds"), labels.yuan(t.refund_cents))
        self.tiles["goodwill"].set(
            self.tr("Goodwill"),
            labels.yuan(t.goodwill_cents),
            self.tr("Goodwill cases: {0}").format(t.goodwill_cases),
        )
        self.tiles["sla"].set(
            self.tr("SLA compliance"),
            percent((t.cases - breached) / t.cases if t.cases else None),
            self.tr("First response late: {0}").format(breached),
        )
        self.tiles["overrides"].set(
            self.tr("Identity overrides"),
            percent(t.identity_overrides / t.cases if t.cases else None),
            self.tr("Overridden cases: {0}").format(t.identity_overrides),
        )
        self._draw_timeline(d)
        self._draw_stores(d.stores)
        self._draw_products(d)

    def _new_chart(self, view: QChartView, title: str) -> QChart:
        from PySide6.QtCharts import QChart

        chart = QChart()
        chart.setTitle(title)
        font = QFont(chart.titleFont())
        font.setBold(True)
        chart.setTitleFont(font)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(4)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        old = view.chart()
        view.setChart(chart)  # the view owns the new chart
        if old is not None:
            old.deleteLater()
        return chart

    def _draw_timeline(self, d: Dashboard) -> None:
        from PySide6.QtCharts import QBarSet, QCategoryAxis, QStackedBarSeries, QValueAxis

        unit = d.timeline.unit
        title = {
            "day": self.tr("Returns per day, by reason"),
            "week": self.tr("Returns per week (from Monday), by reason"),
            "month": self.tr("Returns per month, by reason"),
            "year": self.tr("Returns per year, by reason"),
        }.get(unit, self.tr("Returns over time, by reason"))
        chart = self._new_chart(self.timeline_view, title)
        self.timeline_view.setToolTip(
            self.tr("Days are each store's own calendar days (its time zone).")
        )
        series = QStackedBarSeries()
        spare = iter(OTHER_COLOURS * 4)
        for s in d.timeline.series:
            bars = QBarSet(labels.reason(s.reason))
            bars.setColor(QColor(REASON_COLOURS.get(s.reason) or next(spare, "#999999")))
            bars.setBorderColor(bars.color())
            bars.append([float(n) for n in s.counts])
            series.append(bars)
        # A few buckets must not turn into slabs.
        series.setBarWidth(
            0.8 if len(d.timeline.buckets) > 6 else 0.12 * len(d.timeline.buckets) + 0.08
        )
        chart.addSeries(series)
        # Bar i stands at x = i; a label under every n-th bar, so none is cut short.
        n = len(d.timeline.buckets)
        every = max(1, math.ceil(n / AXIS_LABELS_MAX))
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        x.setRange(-0.5, max(n, 1) - 0.5)
        x.setStartValue(-0.5)
        for i in range(0, n, every):
            x.append(bucket_label(d.timeline.buckets[i], unit), i)
        x.setGridLineVisible(False)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        totals = [sum(col) for col in zip(*(s.counts for s in d.timeline.series), strict=True)]
        top, step = axis_steps(max(max(totals, default=0), 4))
        y = QValueAxis()
        y.setRange(0, top)
        y.setTickType(QValueAxis.TickType.TicksDynamic)
        y.setTickAnchor(0)
        y.setTickInterval(step)
        y.setLabelFormat("%d")
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        legend = chart.legend()
        legend.setVisible(bool(d.timeline.series))
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.timeline_series = series

    def _store_chart(
        self,
        view: QChartView,
        title: str,
        stores: list[StoreStats],
        values: list[float],
        colour: str,
        label_format: str,
        percent_axis: bool,
    ) -> Any:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis

        chart = self._new_chart(view, title)
        chart.legend().hide()
        series = QHorizontalBarSeries()
        bars = QBarSet(title)
        bars.setColor(QColor(colour))
        bars.setBorderColor(QColor(colour))
        bars.setLabelColor(QColor(LABEL_COLOUR))
        # The first store at the top: horizontal bars are drawn from the bottom up.
        bars.append(list(reversed(values)))
        series.append(bars)
        series.setBarWidth(min(0.6, 0.2 + 0.12 * len(stores)))  # one store: no slab
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat(label_format)
        series.setLabelsPrecision(4)
        chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append([f"{s.store_code} {s.store_name}".strip() for s in reversed(stores)] or [""])
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        x = QValueAxis()
        end, step = axis_steps(100.0 if percent_axis else max(values, default=0))
        if percent_axis and values and max(values) < 50:
            end, step = axis_steps(max(max(values), 4))  # small rates: zoom in
        # Room on the right for the labels outside the bars' ends; ticks stop at ``end``.
        x.setRange(0, end * 1.18)
        x.setTickType(QValueAxis.TickType.TicksDynamic)
        x.setTickAnchor(0)
        x.setTickInterval(step)
        x.setLabelFormat("%.0f%%" if percent_axis else "%d")
        x.setLabelsVisible(percent_axis)  # a rate of 0 has no bar: the axis shows the scale
        x.setGridLineVisible(percent_axis)
        x.setLineVisible(percent_axis)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        return series

    def _draw_stores(self, stores: list[StoreStats]) -> None:
        counts = [float(s.cases) for s in stores]
        self.stores_series = self._store_chart(
            self.stores_view, self.tr("Returns by store"), stores, counts, STORE_COLOUR,
            "@value", percent_axis=False,
        )  # fmt: skip
        sla = [round(100 * (s.sla_compliance or 0.0), 1) for s in stores]
        self.sla_series = self._store_chart(
            self.sla_view, self.tr("SLA compliance by store"), stores, sla, SLA_COLOUR,
            "@value%", percent_axis=True,
        )  # fmt: skip
        rates = [round(100 * (s.override_rate or 0.0), 1) for s in stores]
        self.overrides_series = self._store_chart(
            self.overrides_view, self.tr("Identity-override rate by store"), stores, rates,
            OVERRIDE_COLOUR, "@value%", percent_axis=True,
        )  # fmt: skip

    def _draw_products(self, d: Dashboard) -> None:
        reasons = ", ".join(labels.reason(r) for r in d.quality_reasons)
        self.products_note.setText(self.tr("Counted: {0}").format(reasons))
        self.products.setRowCount(len(d.products))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, p in enumerate(d.products):
            cells = [p.sku, p.name, f"{p.cases:,}", f"{p.quantity:,}"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(right)
                self.products.setItem(row, column, item)
        if not d.products:
            self.products.setRowCount(1)
            item = QTableWidgetItem(self.tr("No quality returns for these filters."))
            self.products.setItem(0, 0, item)
            self.products.setSpan(0, 0, 1, 4)
        else:
            self.products.clearSpans()
