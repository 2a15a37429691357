"""Intake: channel, the customer's own words, emotion, priority and the SLA."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout

from core import labels
from core.drafts import CHANNELS, EMOTIONS, PRIORITIES, CaseDraft
from ui.wizard.base import CasePage


def _fill(combo: QComboBox, codes: tuple[str, ...], text) -> None:  # type: ignore[no-untyped-def]
    current = combo.currentData()
    combo.clear()
    for code in codes:
        combo.addItem(text(code), code)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))


def _select(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(max(0, combo.findData(code)))


class IntakePage(CasePage):
    sig_words_changed = Signal(str)
    """The customer's words as typed so far (for the priority suggestion)."""

    def __init__(self) -> None:
        super().__init__("intake")
        self.channel = QComboBox()
        self.words = QPlainTextEdit()
        self.words.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.words.setMinimumHeight(90)
        self.emotion = QComboBox()
        self.priority = QComboBox()
        self.urgent_goods = QCheckBox()
        f = self.fields
        f.add(self.form, "channel", self.channel)
        f.add(self.form, "customer_words", self.words)
        f.add(self.form, "emotion", self.emotion)
        f.add(self.form, "priority", self.priority)
        f.add(self.form, "urgent_goods", self.urgent_goods)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("prioritySuggestion")
        self.suggestion.setStyleSheet("color: #8a4b00;")
        self.form.addRow(self.suggestion)
        self.sla = QLabel()
        self.sla.setObjectName("slaLabel")
        self.form.addRow(self.sla)
        self._priority_touched = False
        self._suggested: tuple[str, tuple[str, ...]] = ("normal", ())
        self.priority.activated.connect(self._priority_chosen)
        self.words.textChanged.connect(
            lambda: self.sig_words_changed.emit(self.words.toPlainText())
        )

        # The three-step empathy routine from the returns process, as a prompt.
        self.empathy = QGroupBox()
        self.empathy.setObjectName("empathyPanel")
        self.empathy.setCheckable(True)
        self.empathy.setChecked(True)
        self.empathy_text = QLabel()
        self.empathy_text.setWordWrap(True)
        box = QVBoxLayout(self.empathy)
        box.addWidget(self.empathy_text)
        self.empathy.toggled.connect(self.empathy_text.setVisible)
        self.outer.addWidget(self.empathy)
        self.outer.addStretch(1)
        self.urgent_goods.toggled.connect(self._update_sla)
        self._sla_minutes = (15, 5)
        self.retranslate()

    def set_suggestion(self, priority: str, keywords: tuple[str, ...]) -> None:
        """Words like 生日礼物 or 急用 raise the priority, unless staff chose one themselves."""
        self._suggested = (priority, keywords)
        if not self._priority_touched and keywords:
            current = PRIORITIES.index(self.priority.currentData() or "normal")
            if PRIORITIES.index(priority) > current:
                _select(self.priority, priority)
        self._show_suggestion()

    def _priority_chosen(self) -> None:
        self._priority_touched = True

    def _show_suggestion(self) -> None:
        priority, keywords = self._suggested
        self.suggestion.setText(
            self.tr("Suggested priority: {0} (because of: {1})").format(
                labels.priority(priority), "、".join(keywords)
            )
            if keywords
            else ""
        )

    def set_sla_minutes(self, normal: int, urgent: int) -> None:
        self._sla_minutes = (normal, urgent)
        self._update_sla()

    def load(self, draft: CaseDraft) -> None:
        _select(self.channel, draft.channel)
        self.words.setPlainText(draft.customer_words)
        _select(self.emotion, draft.emotion)
        _select(self.priority, draft.priority)
        self._priority_touched = draft.priority != "normal"
        self.urgent_goods.setChecked(draft.urgent_goods)
        self._update_sla()

    def store(self, draft: CaseDraft) -> None:
        draft.channel = self.channel.currentData()
        draft.customer_words = self.words.toPlainText()
        draft.emotion = self.emotion.currentData()
        draft.priority = self.priority.currentData()
        draft.urgent_goods = self.urgent_goods.isChecked()

    def _update_sla(self) -> None:
        minutes = self._sla_minutes[1] if self.urgent_goods.isChecked() else self._sla_minutes[0]
        self.sla.setText(self.tr("First response due within %n minute(s).", "", minutes))

    def retranslate(self) -> None:
        self.setTitle(self.tr("Intake"))
        self.setSubTitle(self.tr("Receive the feeling first, then the problem."))
        _fill(self.channel, CHANNELS, labels.channel)
        _fill(self.emotion, EMOTIONS, labels.emotion)
        _fill(self.priority, PRIORITIES, labels.priority)
        f = self.fields
        f["channel"].set_text(self.tr("&Channel:"))
        f["customer_words"].set_text(self.tr("Customer's &words:"))
        self.words.setPlaceholderText(
            self.tr("Verbatim, e.g. “I've waited three days and the collar is coming apart!”")
        )
        f["emotion"].set_text(self.tr("&Emotion:"))
        f["priority"].set_text(self.tr("&Priority:"))
        f["urgent_goods"].set_text(self.tr("Urgent goods:"), self.tr("Fresh food or medicine"))
        self.urgent_goods.setText(self.tr("&Fresh food or medicine (5-minute response)"))
        self.empathy.setTitle(self.tr("Empathy prompt"))
        self.empathy.setAccessibleName(self.tr("Empathy prompt"))
        self.empathy_text.setText(
            self.tr(
                "1. Name the feeling: “I can see this has been really frustrating.”\n"
                "2. Take their side: “In your place I'd be upset too.”\n"
                "3. Invite the details: “Tell me what happened — I'll sort it out with you.”"
            )
        )
        self._update_sla()
        self._show_suggestion()
