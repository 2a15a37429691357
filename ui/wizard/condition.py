"""Condition & photo: the resale checklist and the photo of the item as evidence."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from core import labels
from core.assessment import CaseAssessment
from core.cases import CaseDraft, PhotoView
from ui.photo_panel import PhotoPanel
from ui.wizard.base import CasePage

QUESTIONS = ("packaging_kept", "tags_intact", "seal_intact", "signs_of_use")


class YesNo(QWidget):
    """Two radio buttons; neither checked means "not answered yet"."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.yes = QRadioButton()
        self.yes.setObjectName(f"{key}Yes")
        self.no = QRadioButton()
        self.no.setObjectName(f"{key}No")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.yes)
        h.addWidget(self.no)
        h.addStretch(1)

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: bool | None) -> None:
        self.group.setExclusive(False)  # lets both go unchecked for "not answered"
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)

    def retranslate(self, question: str) -> None:
        self.yes.setText(self.tr("Yes"))
        self.no.setText(self.tr("No"))
        self.yes.setAccessibleName(self.tr("{0}: yes").format(question))
        self.no.setAccessibleName(self.tr("{0}: no").format(question))


class ConditionPage(CasePage):
    sig_photo_submitted = Signal(object, str)
    """(Path, caption) of a photo staff took or chose as evidence."""
    sig_photo_remove = Signal(str)
    """The id of a photo staff removed."""

    def __init__(self) -> None:
        super().__init__("condition")
        self.answers = {key: YesNo(key) for key in QUESTIONS}
        f = self.fields
        for key, widget in self.answers.items():
            f.add(self.form, key, widget)
            f[key].label.setBuddy(widget.yes)
            widget.group.buttonClicked.connect(lambda _b: self.sig_answers_changed.emit())
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        f.add(self.form, "condition_notes", self.notes)

        # The return window and resaleability, as the policy sees them right now.
        self.window_badge = QLabel()
        self.window_badge.setObjectName("windowBadge")
        self.window_badge.setWordWrap(True)
        self.window_badge.setTextFormat(Qt.TextFormat.RichText)
        self.outer.insertWidget(1, self.window_badge)
        self._assessment: CaseAssessment | None = None
        self.photos = PhotoPanel()
        self.photos.sig_photo_submitted.connect(self.sig_photo_submitted)
        self.photos.sig_photo_remove.connect(self.sig_photo_remove)
        f.add(self.form, "photos", self.photos).widget.setObjectName("photoPanel")
        self.retranslate()

    # -- public ------------------------------------------------------------

    sig_answers_changed = Signal()
    """The checklist changed: the resaleability verdict should be refreshed."""

    def set_assessment(self, assessment: CaseAssessment) -> None:
        self._assessment = assessment
        self._show_assessment()

    def _show_assessment(self) -> None:
        a = self._assessment
        if a is None or not a.lines:
            self.window_badge.setText("")
            return
        rows = []
        for ln in a.lines:
            left = ln.window.remaining.total_seconds()
            if ln.window.within:
                text = self.tr("within the return window: {0} left").format(labels.duration(left))
                colour = "#1b5e20"
            else:
                text = self.tr("outside the return window by {0}").format(labels.duration(left))
                colour = "#b00020"
            line = self.tr("{0} ({1}): {2}").format(
                f"<b>{escape(ln.name)}</b>", escape(labels.category(ln.category)), escape(text)
            )
            rows.append(f"<span style='color:{colour}'>● {line}</span>")
        if a.resaleable is True:
            rows.append(
                "<span style='color:#1b5e20'>● " + escape(self.tr("Can be sold again.")) + "</span>"
            )
        elif a.resaleable is False:
            issues = sorted({i for ln in a.lines if ln.condition for i in ln.condition.reasons})
            rows.append(
                "<span style='color:#b00020'>● "
                + escape(
                    self.tr("Cannot be sold again: {0}.").format(
                        labels.join(labels.condition_issue(i) for i in issues)
                    )
                )
                + "</span>"
            )
        if a.photo_required:
            rows.append("● " + escape(self.tr("This kind of problem needs a photo as evidence.")))
        self.window_badge.setText("<br>".join(rows))

    def set_photos(self, photos: tuple[PhotoView, ...]) -> None:
        self.photos.set_photos(photos)
        self.fields["photos"].show_error("")

    def set_busy(self, busy: bool) -> None:
        self.photos.set_busy(busy)

    def show_photo_error(self, message: str) -> None:
        self.fields["photos"].show_error(message)

    def load(self, draft: CaseDraft) -> None:
        for key, widget in self.answers.items():
            widget.set_value(getattr(draft, key))
        self.notes.setPlainText(draft.condition_notes)
        self.set_photos(draft.photos)

    def store(self, draft: CaseDraft) -> None:
        for key, widget in self.answers.items():
            setattr(draft, key, widget.value())
        draft.condition_notes = self.notes.toPlainText().strip()

    # -- private -------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Condition & photo"))
        self.setSubTitle(self.tr("Can it be sold again? Take a photo as evidence."))
        questions = {
            "packaging_kept": self.tr("Original packaging kept?"),
            "tags_intact": self.tr("Tags intact?"),
            "seal_intact": self.tr("Seal unopened?"),
            "signs_of_use": self.tr("Signs of use (washing marks, scratches)?"),
        }
        for key, text in questions.items():
            self.fields[key].set_text(text)
            self.answers[key].retranslate(text)
        self.fields["condition_notes"].set_text(self.tr("Condition &notes:"))
        self.fields["photos"].set_text(self.tr("Photos:"))
        self.window_badge.setAccessibleName(self.tr("Return window and condition"))
        self._show_assessment()
