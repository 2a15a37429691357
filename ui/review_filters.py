"""The review window's filter bar: store, staff, dates, reason, resolution, amounts, flags, search."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from core import labels
from core.review import FLAG_NAMES, CaseFilters, ReviewOptions, flag_label

TYPING_PAUSE_MS = 400  # search and amounts apply when the lead stops typing


class ReviewFilterBar(QWidget):
    sig_changed = Signal(object)
    """The filters changed (a CaseFilters); the window loads page 1 with them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewFilterBar")
        self._options: ReviewOptions | None = None
        self._quiet = False  # filling combos must not fire a reload per item

        self.store_label = QLabel()
        self.store = QComboBox()
        self.store.setObjectName("reviewStoreFilter")
        self.staff_label = QLabel()
        self.staff = QComboBox()
        self.staff.setObjectName("reviewStaffFilter")
        self.reason_label = QLabel()
        self.reason = QComboBox()
        self.reason.setObjectName("reviewReasonFilter")
        self.resolution_label = QLabel()
        self.resolution = QComboBox()
        self.resolution.setObjectName("reviewResolutionFilter")
        for label, combo in (
            (self.store_label, self.store),
            (self.staff_label, self.staff),
            (self.reason_label, self.reason),
            (self.resolution_label, self.resolution),
        ):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._changed)

        today = QDate.currentDate()
        self.from_check = QCheckBox()
        self.from_check.setObjectName("reviewFromCheck")
        self.date_from = QDateEdit(today.addDays(-7))
        self.date_from.setObjectName("reviewDateFrom")
        self.to_check = QCheckBox()
        self.to_check.setObjectName("reviewToCheck")
        self.date_to = QDateEdit(today)
        self.date_to.setObjectName("reviewDateTo")
        for check, edit in ((self.from_check, self.date_from), (self.to_check, self.date_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._changed)
            edit.dateChanged.connect(self._changed)

        self.refund_label = QLabel()
        self.refund_min = QDoubleSpinBox()
        self.refund_min.setObjectName("reviewRefundMin")
        self.refund_dash = QLabel("–")
        self.refund_max = QDoubleSpinBox()
        self.refund_max.setObjectName("reviewRefundMax")
        for spin in (self.refund_min, self.refund_max):
            spin.setRange(0, 1_000_000)
            spin.setDecimals(2)
            spin.setPrefix("¥")
            spin.setKeyboardTracking(False)  # one reload per amount, not per digit
            spin.valueChanged.connect(self._changed)
        self.refund_label.setBuddy(self.refund_min)

        self.flags: dict[str, QCheckBox] = {}
        for name in FLAG_NAMES:
            box = QCheckBox()
            box.setObjectName(f"reviewFlag_{name}")
            box.toggled.connect(self._changed)
            self.flags[name] = box

        self.search = QLineEdit()
        self.search.setObjectName("reviewSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._emit)
        self.search.textEdited.connect(lambda _t: self._typing.start())
        self.search.returnPressed.connect(self._emit)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("reviewClearFilters")
        self.clear_button.clicked.connect(self.clear)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        for w in (self.store_label, self.store, self.staff_label, self.staff, self.reason_label,
                  self.reason, self.resolution_label, self.resolution):  # fmt: skip
            row1.addWidget(w)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for w in (self.from_check, self.date_from, self.to_check, self.date_to,
                  self.refund_label, self.refund_min, self.refund_dash, self.refund_max):  # fmt: skip
            row2.addWidget(w)
        row2.addStretch(1)
        row3 = QHBoxLayout()
        for box in self.flags.values():
            row3.addWidget(box)
        row3.addStretch(1)
        row3.addWidget(self.search, 1)
        row3.addWidget(self.clear_button)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)
        grid.addLayout(row3, 2, 0)
        self.retranslate()
        self._fill()

    # -- public ------------------------------------------------------------

    def set_options(self, options: ReviewOptions) -> None:
        """Offer the region's stores, staff and the codes its cases use; keeps the choice."""
        self._options = options
        self._fill()

    def filters(self) -> CaseFilters:
        def pick(combo: QComboBox) -> str | None:
            return combo.currentData() or None

        def cents(spin: QDoubleSpinBox) -> int | None:
            value = round(spin.value() * 100)
            return value or None  # ¥0 is "any" (the spin box says so)

        return CaseFilters(
            store=pick(self.store),
            staff_id=pick(self.staff),
            reason=pick(self.reason),
            resolution=pick(self.resolution),
            date_from=self.date_from.date().toPython() if self.from_check.isChecked() else None,
            date_to=self.date_to.date().toPython() if self.to_check.isChecked() else None,
            refund_min_cents=cents(self.refund_min),
            refund_max_cents=cents(self.refund_max),
            search=self.search.text().strip(),
            **{n: (True if box.isChecked() else None) for n, box in self.flags.items()},
        )

    def clear(self) -> None:
        self._quiet = True
        try:
            for combo in (self.store, self.staff, self.reason, self.resolution):
                combo.setCurrentIndex(0)
            self.from_check.setChecked(False)
            self.to_check.setChecked(False)
            self.refund_min.setValue(0)
            self.refund_max.setValue(0)
            for box in self.flags.values():
                box.setChecked(False)
            self.search.clear()
        finally:
            self._quiet = False
        self._emit()

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.store_label.setText(self.tr("S&tore:"))
        self.store.setAccessibleName(self.tr("Store"))
        self.staff_label.setText(self.tr("Sta&ff:"))
        self.staff.setAccessibleName(self.tr("Staff member"))
        self.reason_label.setText(self.tr("&Reason:"))
        self.reason.setAccessibleName(self.tr("Reason category"))
        self.resolution_label.setText(self.tr("Res&olution:"))
        self.resolution.setAccessibleName(self.tr("Resolution"))
        self.from_check.setText(self.tr("From"))
        self.from_check.setAccessibleName(self.tr("Filter from a date"))
        self.date_from.setAccessibleName(self.tr("Finalised from"))
        self.to_check.setText(self.tr("to"))
        self.to_check.setAccessibleName(self.tr("Filter up to a date"))
        self.date_to.setAccessibleName(self.tr("Finalised up to (inclusive)"))
        self.refund_label.setText(self.tr("Refund:"))
        self.refund_min.setAccessibleName(self.tr("Smallest refund"))
        self.refund_max.setAccessibleName(self.tr("Largest refund"))
        for spin in (self.refund_min, self.refund_max):
            spin.setSpecialValueText(self.tr("any"))
        for name, box in self.flags.items():
            box.setText(flag_label(name))
            box.setAccessibleName(self.tr("Only cases flagged: {0}").format(flag_label(name)))
        self.search.setPlaceholderText(self.tr("Search the customer's words and notes"))
        self.search.setAccessibleName(self.tr("Search the customer's words and notes"))
        self.clear_button.setText(self.tr("C&lear filters"))
        self.clear_button.setAccessibleName(self.tr("Clear all filters"))
        self._fill()

    # -- private -------------------------------------------------------------

    def _fill(self) -> None:
        """(Re)fill the combos in the current language, keeping what is chosen."""
        o = self._options
        stores = o.stores if o else []
        staff = o.staff if o else []
        reasons = o.reasons if o else []
        resolutions = o.resolutions if o else []
        self._quiet = True
        try:
            self._refill(self.store, self.tr("All stores"),
                         [(f"{code} {name}", code) for code, name in stores])  # fmt: skip
            self._refill(self.staff, self.tr("All staff"),
                         [(f"{s.name} ({s.store_code})", s.id) for s in staff])  # fmt: skip
            self._refill(self.reason, self.tr("All reasons"),
                         [(labels.reason(r), r) for r in reasons])  # fmt: skip
            self._refill(self.resolution, self.tr("All resolutions"),
                         [(labels.resolution(r), r) for r in resolutions])  # fmt: skip
        finally:
            self._quiet = False

    @staticmethod
    def _refill(combo: QComboBox, any_text: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.clear()
        combo.addItem(any_text, "")
        for text, value in items:
            combo.addItem(text, value)
        at = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(at, 0))

    def _changed(self, *_args: object) -> None:
        if not self._quiet:
            self._emit()

    def _emit(self) -> None:
        self._typing.stop()
        self.sig_changed.emit(self.filters())
