"""Items & reason: which lines come back, how many, and the reason behind the reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from core import labels
from core.cases import CaseDraft
from core.orders import OrderView
from ui.wizard.base import CasePage


class ItemsPage(CasePage):
    def __init__(self, reason_codes: tuple[str, ...]) -> None:
        super().__init__("items")
        self._reason_codes = reason_codes
        self._order: OrderView | None = None
        self._earlier: dict[str, int] = {}
        self._rows: dict[str, tuple[QCheckBox, QSpinBox, QLabel]] = {}
        self.lines = QWidget()
        self.grid = QGridLayout(self.lines)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.reason = QComboBox()
        self.stated = QLineEdit()
        self.real = QLineEdit()
        f = self.fields
        f.add(self.form, "items", self.lines).widget.setObjectName("itemLines")
        f.add(self.form, "reason_category", self.reason)
        f.add(self.form, "stated_reason", self.stated)
        f.add(self.form, "real_reason", self.real)
        self.prompts = QLabel()
        self.prompts.setObjectName("openQuestions")
        self.prompts.setWordWrap(True)
        self.prompts.setStyleSheet("color: #37474f; background: #eef3f7; padding: 6px;")
        self.outer.addWidget(self.prompts)
        self.outer.addStretch(1)
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_order(self, order: OrderView | None, earlier: dict[str, int]) -> None:
        """Show the order's lines; ``earlier`` = quantities already in other returns."""
        self._earlier = earlier
        if order is None or self._order is None or order.id != self._order.id:
            self._order = order
            self._build_rows()
        else:
            self._retranslate_rows()  # same lines: keep what staff ticked

    def load(self, draft: CaseDraft) -> None:
        if draft.order is not None and (self._order is None or self._order.id != draft.order.id):
            self._order = draft.order
            self._build_rows()
        self._set_chosen(draft.items)
        self.reason.setCurrentIndex(max(0, self.reason.findData(draft.reason_category)))
        self.stated.setText(draft.stated_reason)
        self.real.setText(draft.real_reason)

    def store(self, draft: CaseDraft) -> None:
        draft.items = {
            lid: spin.value() for lid, (box, spin, _) in self._rows.items() if box.isChecked()
        }
        draft.reason_category = self.reason.currentData() or ""
        draft.stated_reason = self.stated.text().strip()
        draft.real_reason = self.real.text().strip()

    # -- private -------------------------------------------------------------

    def _set_chosen(self, chosen: dict[str, int]) -> None:
        for lid, (box, spin, _) in self._rows.items():
            box.setChecked(lid in chosen)
            if lid in chosen:
                spin.setValue(chosen[lid])

    def _build_rows(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._rows.clear()
        if self._order is None:
            return
        for r, line in enumerate(self._order.lines):
            box = QCheckBox(f"{line.name}  ({labels.yuan(line.unit_price_cents)})")
            box.setObjectName(f"itemLine{line.line_no}")
            box.setAccessibleName(line.name)
            spin = QSpinBox()
            spin.setObjectName(f"itemQuantity{line.line_no}")
            spin.setRange(1, max(1, line.quantity))
            spin.setEnabled(False)
            box.toggled.connect(spin.setEnabled)
            note = QLabel()
            note.setObjectName(f"itemNote{line.line_no}")
            self.grid.addWidget(box, r, 0)
            self.grid.addWidget(spin, r, 1)
            self.grid.addWidget(note, r, 2)
            self._rows[line.id] = (box, spin, note)
        self._retranslate_rows()

    def _retranslate_rows(self) -> None:
        if self._order is None:
            return
        for line in self._order.lines:
            box, spin, note = self._rows[line.id]
            spin.setAccessibleName(self.tr("Quantity of {0}").format(line.name))
            earlier = self._earlier.get(line.id, 0)
            text = self.tr("{0} bought · {1}").format(line.quantity, labels.category(line.category))
            if earlier:
                text += self.tr(" · {0} already in other returns").format(earlier)
            note.setText(text)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Items & reason"))
        self.setSubTitle(self.tr("What comes back, and why — ask like a detective."))
        current = self.reason.currentData()
        self.reason.clear()
        self.reason.addItem(self.tr("— choose —"), "")
        for code in self._reason_codes:
            self.reason.addItem(labels.reason(code), code)
        self.reason.setCurrentIndex(max(0, self.reason.findData(current)))
        f = self.fields
        f["items"].set_text(self.tr("Items returned:"))
        f["reason_category"].set_text(self.tr("&Kind of problem:"))
        f["stated_reason"].set_text(self.tr("&Stated reason:"))
        self.stated.setPlaceholderText(
            self.tr("What the customer says, e.g. “I just don't want it”")
        )
        f["real_reason"].set_text(self.tr("&Real reason:"))
        self.real.setPlaceholderText(self.tr("What the open questions brought out"))
        self.prompts.setText(
            self.tr(
                "Open questions: “Is it different from what you expected?” · "
                "“Did delivery take longer than you hoped?” · "
                "“Was anything about using it difficult?”"
            )
        )
        self._retranslate_rows()
