"""The regional lead's review window: filter, sort and page the region's synced cases,
open one (fields, photos, audit trail), and give a verdict that flows down to the store.

Every network call is a coroutine on the app's one event loop (qasync), so the
window never waits on the server. When the server cannot be reached the last page
loaded stays on screen under an "Offline — data from 10:42" banner, and the window
tries again by itself every half minute.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, QTemporaryDir, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.ids import new_id
from core.review import (
    PAGE_SIZE,
    Annotation,
    CaseDetail,
    CaseFilters,
    CasePage,
    CaseSort,
    ReviewClient,
    ReviewError,
    ReviewOptions,
)
from ui.photo_viewer import PhotoViewer, show_photo
from ui.review_dashboard import ReviewDashboard
from ui.review_detail import THUMB, ReviewDetailPane
from ui.review_export import ReviewExporter
from ui.review_filters import ReviewFilterBar
from ui.review_model import ReviewCaseModel
from ui.review_signals import ReviewSignalsPanel

log = logging.getLogger(__name__)

RETRY_OFFLINE_MS = 30_000
COLUMN_WIDTHS = {"case_no": 140, "store": 48, "finalised": 124, "reason": 112,
                 "resolution": 100, "refund": 76, "staff": 52, "flags": 112, "verdict": 92}  # fmt: skip


def _thumbnail(data: bytes, size: QSize) -> QImage:
    """Decoded and scaled off the UI thread (QImage, unlike QPixmap, may be)."""
    image = QImage.fromData(data)
    if image.isNull():
        return image
    return image.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def clock_text(at: datetime, now: datetime) -> str:
    """“10:42” today, “2026-11-25 10:42” before."""
    local, today = at.astimezone(), now.astimezone()
    return (
        local.strftime("%H:%M")
        if local.date() == today.date()
        else local.strftime("%Y-%m-%d %H:%M")
    )


class ReviewWindow(QMainWindow):
    sig_page_loaded = Signal(object)
    """A page of cases arrived (a core.review.CasePage)."""
    sig_load_failed = Signal(str)
    """A page could not be loaded; the message says why (the banner shows it)."""
    sig_detail_loaded = Signal(object)
    """A case's detail is shown (a core.review.CaseDetail)."""
    sig_thumbnails_loaded = Signal(str)
    """All thumbnails of this case id have arrived (or failed)."""
    sig_annotation_saved = Signal(object)
    """The server stored a verdict (a core.review.Annotation)."""
    sig_annotation_failed = Signal(str)
    """A verdict was not saved; the message says why. What was typed stays."""
    sig_photo_opened = Signal(object)
    """A photo viewer was opened at full size (a ui.photo_viewer.PhotoViewer)."""

    def __init__(
        self,
        client: ReviewClient,
        parent: QWidget | None = None,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.resize(1440, 880)
        self.client = client
        self.page_size = page_size
        self._now = now
        self.filters = CaseFilters()
        self.page = 1
        self.page_data: CasePage | None = None
        self.offline = False
        self._error = ""
        self.options: ReviewOptions | None = None
        self.photo_viewer: PhotoViewer | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._list_task: asyncio.Task[Any] | None = None
        self._detail_task: asyncio.Task[Any] | None = None
        self._pending_note: tuple[tuple[str, str, str], str] | None = None
        self._photo_dir = QTemporaryDir()
        self._closing = False
        self._restoring = False
        self._options_loading = False

        # -- banner
        self.banner = QLabel()
        self.banner.setObjectName("reviewOfflineBanner")
        self.banner.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("reviewRetry")
        self.retry_button.clicked.connect(self.reload)
        self.banner_row = QWidget()
        self.banner_row.setObjectName("reviewBannerRow")
        b = QHBoxLayout(self.banner_row)
        b.setContentsMargins(0, 0, 0, 0)
        b.addWidget(self.banner, 1)
        b.addWidget(self.retry_button)
        self.banner_row.hide()
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.reload)

        # -- filters, table, paging
        self.filter_bar = ReviewFilterBar()
        self.filter_bar.sig_changed.connect(self.apply_filters)
        self.model = ReviewCaseModel()
        self.model.sig_sort_requested.connect(self._sort_requested)
        self.table = QTableView()
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Fixed starting widths: fitting to contents would reflow the table on every page.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(ReviewCaseModel.COLUMNS.index(column), width)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        header.setSortIndicator(
            self.model.sort_column(self.model.current_sort), Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)  # clicks reach model.sort(): the server sorts
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.first_button = QPushButton()
        self.first_button.setObjectName("reviewFirstPage")
        self.first_button.clicked.connect(lambda: self.go_to_page(1))
        self.prev_button = QPushButton()
        self.prev_button.setObjectName("reviewPrevPage")
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.page - 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("reviewPageLabel")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton()
        self.next_button.setObjectName("reviewNextPage")
        self.next_button.clicked.connect(lambda: self.go_to_page(self.page + 1))
        self.last_button = QPushButton()
        self.last_button.setObjectName("reviewLastPage")
        self.last_button.clicked.connect(
            lambda: self.go_to_page(self.page_data.pages if self.page_data else 1)
        )
        paging = QHBoxLayout()
        paging.addWidget(self.first_button)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.next_button)
        paging.addWidget(self.last_button)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        lv.addLayout(paging)

        # -- detail
        self.detail = ReviewDetailPane()
        self.detail.sig_annotate.connect(self.annotate)
        self.detail.sig_photo_clicked.connect(self.open_photo)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([960, 480])

        # -- tabs: the filters above apply to every tab
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.tabs.addTab(self.splitter, "")  # "Cases"; texts in retranslate()
        self.dashboard = ReviewDashboard(client, self._spawn, self._alive, now)
        self.dashboard.sig_state_changed.connect(self._update_banner)
        self.tabs.addTab(self.dashboard, "")  # QtCharts is imported when first shown
        self.tabs.currentChanged.connect(lambda _i: self._update_banner())
        # Signals (ui/review_signals.py): the filter bar's dates; loaded when first shown.
        self.signals = ReviewSignalsPanel(client)
        self.signals.sig_open_case.connect(self.open_case)
        self.tabs.addTab(self.signals, "")
        self.tabs.currentChanged.connect(lambda _i: self._signals_follow_filters())
        self.filter_bar.sig_changed.connect(lambda _f: self._signals_follow_filters())
        # Export… (ui/review_export.py): every page of the current filters, off the UI thread.
        self.exporter = ReviewExporter(
            self, client, lambda: (self.filters, self.model.current_sort)
        )
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("reviewToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.exporter.action)

        central = QWidget()
        v = QVBoxLayout(central)
        v.addWidget(self.banner_row)
        v.addWidget(self.filter_bar)
        v.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.state = QLabel()
        self.state.setObjectName("reviewState")
        self.statusBar().addWidget(self.state, 1)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Find), self, self.filter_bar.search.setFocus
        )
        QShortcut(QKeySequence("Alt+Right"), self, lambda: self.go_to_page(self.page + 1))
        QShortcut(QKeySequence("Alt+Left"), self, lambda: self.go_to_page(self.page - 1))
        self.retranslate()
        self._update_paging()

    # -- public ------------------------------------------------------------

    def start(self) -> None:
        """Load what the filters offer and the first page."""
        self._spawn(self._load_options())
        self.reload()

    def reload(self) -> None:
        self._load(self.page)
        if self.dashboard.isVisible():
            self.dashboard.reload()
        if self.signals.isVisible():
            self.signals.reload()

    def apply_filters(self, filters: CaseFilters) -> None:
        self.filters = filters
        self._load(1)
        self.dashboard.set_filters(filters)  # reloads now if on screen, else when shown

    def go_to_page(self, page: int) -> None:
        pages = self.page_data.pages if self.page_data else 1
        if self.page_data is not None and not self.page_data.total_exact:
            pages += 1  # more cases match than the server counted: the next page exists
        page = max(1, min(page, max(pages, 1)))
        if page != self.page or self.page_data is None:
            self._load(page)

    def annotate(self, case_id: str, verdict: str, comment: str) -> None:
        self._spawn(self._annotate(case_id, verdict, comment))

    def open_photo(self, sha256: str, caption: str) -> None:
        self._spawn(self._open_photo(sha256, caption))

    def open_case(self, case_id: str) -> None:
        """Show this case in the Cases tab: its row if it is on the page, its detail always."""
        self.tabs.setCurrentWidget(self.splitter)
        row = self.model.row_of(case_id)
        if row >= 0 and self._selected_id() != case_id:
            self.select_row(row)  # loads the detail
            return
        if row < 0:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
        if self._detail_task is not None and not self._detail_task.done():
            self._detail_task.cancel()
        self._detail_task = self._spawn(self._load_detail(case_id))

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Nothing may land on widgets that are about to go away.
        self._closing = True
        self.retry_timer.stop()
        for task in list(self._tasks):
            task.cancel()
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ReturnDesk — regional review"))
        self.table.setAccessibleName(self.tr("Synced cases"))
        self.first_button.setText(self.tr("« First"))
        self.first_button.setAccessibleName(self.tr("First page"))
        self.prev_button.setText(self.tr("‹ Previous"))
        self.prev_button.setAccessibleName(self.tr("Previous page"))
        self.next_button.setText(self.tr("Next ›"))
        self.next_button.setAccessibleName(self.tr("Next page"))
        self.last_button.setText(self.tr("Last »"))
        self.last_button.setAccessibleName(self.tr("Last page"))
        self.retry_button.setText(self.tr("&Retry"))
        self.retry_button.setAccessibleName(self.tr("Try to reach the server again"))
        self.splitter.setAccessibleName(self.tr("Cases and the selected case"))
        self.tabs.setTabText(self.tabs.indexOf(self.splitter), self.tr("Cases"))
        self.tabs.setTabText(self.tabs.indexOf(self.dashboard), self.tr("Dashboard"))
        self.tabs.setTabText(self.tabs.indexOf(self.signals), self.tr("Signals"))
        self.toolbar.setWindowTitle(self.tr("Review actions"))
        self.exporter.retranslate()
        self.model.retranslate()
        self._update_paging()
        self._update_banner()

    # -- private: tasks ----------------------------------------------------------

    def _signals_follow_filters(self) -> None:
        if self.tabs.currentWidget() is self.signals:
            self.signals.set_range(self.filters.date_from, self.filters.date_to)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _alive(self) -> bool:
        return not self._closing and shiboken6.isValid(self)

    # -- private: the list ----------------------------------------------------------

    def _load(self, page: int) -> None:
        if self._list_task is not None and not self._list_task.done():
            self._list_task.cancel()  # the newest filters win
        self.retry_timer.stop()
        self.state.setText(self.tr("Loading…"))
        self._list_task = self._spawn(self._load_page(self.filters, self.model.current_sort, page))

    async def _load_options(self) -> None:
        self._options_loading = True
        try:
            options = await self.client.options()
        except ReviewError as exc:
            log.info("review options not loaded: %s", exc.code)
            return
        finally:
            self._options_loading = False
        if self._alive():
            self.options = options
            self.filter_bar.set_options(options)
            self._update_state()

    async def _load_page(self, filters: CaseFilters, sort: CaseSort, page: int) -> None:
        try:
            result = await self.client.list_cases(filters, sort, page, self.page_size)
        except ReviewError as exc:
            if not self._alive():
                return
            self._load_failed(exc)
            return
        except Exception as exc:  # a bug: logged, and said in plain words
            log.exception("review page failed")
            if self._alive():
                self._load_failed(
                    ReviewError(self.tr("Something went wrong: {0}").format(exc), retryable=False)
                )
            return
        if not self._alive():
            return
        self.offline = False
        self._error = ""
        if self.options is None and not self._options_loading:
            self._spawn(self._load_options())  # it failed at start, while offline
        self._show_page(result)
        self._update_banner()
        self.sig_page_loaded.emit(result)

    def _show_page(self, result: CasePage) -> None:
        selected = self._selected_id()
        self.page_data = result
        self.page = result.page
        self.model.set_rows(result.rows)
        self.model.current_sort = result.sort
        self.table.horizontalHeader().setSortIndicator(
            self.model.sort_column(result.sort),
            Qt.SortOrder.DescendingOrder if result.sort.descending else Qt.SortOrder.AscendingOrder,
        )
        self._update_paging()
        self._update_state()
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self._restoring = True  # the same case stays open; no need to load it again
            try:
                self.select_row(row)
            finally:
                self._restoring = False
        elif self.detail.detail is not None:
            self.detail.show_message("")

    def _load_failed(self, exc: ReviewError) -> None:
        self.offline = exc.offline
        self._error = exc.message
        if exc.offline:
            last = self.client.last_page
            if last is not None and self.page_data is not last:
                self._show_page(last)  # the last page loaded stays readable
            self.retry_timer.start(RETRY_OFFLINE_MS)
        else:
            # The filters are refused (a 4xx): put the header back as it was shown.
            if self.page_data is not None:
                self.model.current_sort = self.page_data.sort
                self.table.horizontalHeader().setSortIndicator(
                    self.model.sort_column(self.page_data.sort),
                    Qt.SortOrder.DescendingOrder
                    if self.page_data.sort.descending
                    else Qt.SortOrder.AscendingOrder,
                )
        self._update_banner()
        self._update_state()
        self.sig_load_failed.emit(exc.message)

    def _sort_requested(self, sort: CaseSort) -> None:
        self._load(1)

    def _update_paging(self) -> None:
        p = self.page_data
        if p is None:
            self.page_label.setText("")
            for b in (self.first_button, self.prev_button, self.next_button, self.last_button):
                b.setEnabled(False)
            return
        if p.total == 0:
            self.page_label.setText(self.tr("No cases match these filters."))
        elif not p.total_exact:  # the server stopped counting: "at least"
            self.page_label.setText(
                self.tr("Page {0} of {1}+ · {2}+ cases").format(p.page, max(p.pages, 1), p.total)
            )
        else:
            self.page_label.setText(
                self.tr("Page {0} of {1} · {2} cases").format(p.page, max(p.pages, 1), p.total)
            )
        self.first_button.setEnabled(p.page > 1)
        self.prev_button.setEnabled(p.page > 1)
        self.next_button.setEnabled(p.page < p.pages or not p.total_exact)
        # The last page is unknown while the total is not: sort the other way instead.
        self.last_button.setEnabled(p.page < p.pages and p.total_exact)

    def _update_banner(self) -> None:
        view = self.tabs.currentWidget()
        tab_state = getattr(view, "banner_state", None)
        if tab_state is not None:  # a tab with data of its own (the dashboard): about that
            offline, error, loaded_at = tab_state()
            last_text = self.tr(
                "Offline — data from {0}. The server cannot be reached; these are the last "
                "figures loaded. Trying again every 30 s."
            )
        else:
            last = self.client.last_page
            offline, error = self.offline, self._error
            loaded_at = last.loaded_at if last is not None else None
            last_text = self.tr(
                "Offline — data from {0}. The server cannot be reached; this is the last "
                "page loaded. Trying again every 30 s."
            )
        if offline:
            if loaded_at is not None:
                text = last_text.format(clock_text(loaded_at, self._now()))
            else:
                text = self.tr("Offline — the server cannot be reached and nothing is loaded yet.")
            self.banner.setStyleSheet(
                "background:#fff3cd; color:#6b4a00; padding:6px; font-weight:bold;"
            )
        elif error:
            text = self.tr("The server refused this: {0}").format(error)
            self.banner.setStyleSheet("background:#ffe0e0; color:#b00020; padding:6px;")
        else:
            self.banner_row.hide()
            return
        self.banner.setText(text)
        self.banner.setAccessibleName(text)
        self.banner_row.show()

    def _update_state(self) -> None:
        parts = []
        if self.options is not None:
            parts.append(self.tr("Region {0}").format(self.options.region))
        if self.page_data is not None:
            parts.append(
                self.tr("loaded {0}").format(clock_text(self.page_data.loaded_at, self._now()))
            )
        self.state.setText(" · ".join(parts))

    def _selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).id

    # -- private: one case -------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self._restoring:
            return
        case_id = self.model.row_at(current.row()).id
        if self._detail_task is not None and not self._detail_task.done():
            self._detail_task.cancel()
        self._detail_task = self._spawn(self._load_detail(case_id))

    async def _load_detail(self, case_id: str) -> None:
        notice = ""
        try:
            detail = await self.client.case_detail(case_id)
        except ReviewError as exc:
            if not self._alive():
                return
            cached = self.client.cached_detail(case_id)
            if cached is None:
                self.detail.show_message(
                    self.tr("This case cannot be loaded: {0}").format(exc.message)
                )
                return
            detail = cached
            notice = self.tr("Offline — as loaded at {0}.").format(
                clock_text(cached.loaded_at, self._now())
            )
        if not self._alive():
            return
        self.detail.show_detail(detail, notice)
        self.model.replace_row(detail.row)
        self.sig_detail_loaded.emit(detail)
        await self._load_thumbnails(detail)

    async def _load_thumbnails(self, detail: CaseDetail) -> None:
        for photo in detail.photos:
            if not photo.available or self.detail.thumbnail_loaded(photo.sha256):
                continue
            try:
                data = await self.client.photo_bytes(photo.sha256)
                image = await asyncio.to_thread(_thumbnail, data, THUMB)
            except ReviewError as exc:
                log.info("thumbnail %s not loaded: %s", photo.sha256[:12], exc.code)
                continue
            if not self._alive():
                return
            if not image.isNull():
                self.detail.set_thumbnail(photo.sha256, QPixmap.fromImage(image))
        if self._alive():
            self.sig_thumbnails_loaded.emit(detail.row.id)

    async def _open_photo(self, sha256: str, caption: str) -> None:
        try:
            data = await self.client.photo_bytes(sha256)
        except ReviewError as exc:
            if self._alive():
                self.detail.save_state.setText(
                    self.tr("The photo cannot be loaded: {0}").format(exc.message)
                )
            return
        if not self._alive():
            return
        # The viewer shows files and checks them against their hash: evidence stays evidence.
        path = Path(self._photo_dir.path()) / f"{sha256}.jpg"
        if not path.exists():
            path.write_bytes(data)
        self.photo_viewer = show_photo(self, path, caption, sha256=sha256)
        self.sig_photo_opened.emit(self.photo_viewer)

    async def _annotate(self, case_id: str, verdict: str, comment: str) -> None:
        content = (case_id, verdict, comment)
        # Save pressed again after a failure: the same note, under the same id, so a
        # first attempt that did reach the server is not doubled.
        note_id = (
            self._pending_note[1]
            if self._pending_note is not None and self._pending_note[0] == content
            else None
        )
        note_id = note_id or new_id()
        self._pending_note = (content, note_id)
        try:
            note: Annotation = await self.client.annotate(case_id, verdict, comment, note_id)
        except ReviewError as exc:
            if self._alive():
                self.detail.annotation_failed(exc.message)
                self.sig_annotation_failed.emit(exc.message)
            return
        self._pending_note = None
        if not self._alive():
            return
        self.detail.annotation_saved(note)
        cached = self.client.cached_detail(case_id)
        if cached is not None:
            self.model.replace_row(cached.row)
        self.sig_annotation_saved.emit(note)
