"""One synced case for the regional lead: every field, photos, audit trail, annotations,
and the box to give a verdict."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.review import VERDICTS, Annotation, CaseDetail, flag_label, verdict_label
from ui.review_model import VERDICT_COLOURS, local_time

THUMB = QSize(96, 96)
COMMENT_MAX = 4000


class ReviewDetailPane(QWidget):
    sig_annotate = Signal(str, str, str)
    """Save pressed: (case id, verdict code, comment)."""
    sig_photo_clicked = Signal(str, str)
    """A thumbnail was clicked: (sha256, caption) — show it full size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDetail")
        self.detail: CaseDetail | None = None
        self._message = ""

        self.title = QLabel()
        self.title.setObjectName("reviewDetailTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags_line = QLabel()
        self.flags_line.setObjectName("reviewDetailFlags")
        self.flags_line.setStyleSheet("color:#8a3b00; font-weight:bold;")
        self.flags_line.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("reviewDetailNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background:#fff3cd; color:#6b4a00; padding:4px;")
        self.notice.hide()

        self.fields_box = QGroupBox()
        self.form = QFormLayout(self.fields_box)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        self.photos_box = QGroupBox()
        self.photos_row = QHBoxLayout(self.photos_box)
        self.photos_row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.thumbs: dict[str, QToolButton] = {}
        self.no_photos = QLabel()

        self.audit_box = QGroupBox()
        self.audit = QListWidget()
        self.audit.setObjectName("reviewAuditTrail")
        self.audit.setWordWrap(True)
        QVBoxLayout(self.audit_box).addWidget(self.audit)

        self.notes_box = QGroupBox()
        # A label, not a list: comments wrap to their full length and can be copied.
        self.notes = QLabel()
        self.notes.setObjectName("reviewAnnotations")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.notes_box).addWidget(self.notes)

        self.annotate_box = QGroupBox()
        self.annotate_box.setObjectName("reviewAnnotateBox")
        self.verdict_label = QLabel()
        self.verdict = QComboBox()
        self.verdict.setObjectName("reviewVerdict")
        self.verdict_label.setBuddy(self.verdict)
        self.comment_label = QLabel()
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("reviewComment")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(64)
        self.comment_label.setBuddy(self.comment)
        self.save_button = QPushButton()
        self.save_button.setObjectName("reviewSaveAnnotation")
        self.save_button.clicked.connect(self._save)
        self.verdict.currentIndexChanged.connect(self._update_save)
        self.comment.textChanged.connect(self._update_save)
        self._saving = False
        self.save_state = QLabel()
        self.save_state.setObjectName("reviewSaveState")
        self.save_state.setWordWrap(True)
        form = QFormLayout(self.annotate_box)
        form.addRow(self.verdict_label, self.verdict)
        form.addRow(self.comment_label, self.comment)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_state, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        body = QWidget()
        v = QVBoxLayout(body)
        v.addWidget(self.title)
        v.addWidget(self.flags_line)
        v.addWidget(self.notice)
        v.addWidget(self.notes_box)  # what leads already said comes first
        v.addWidget(self.photos_box)
        v.addWidget(self.fields_box)
        v.addWidget(self.audit_box)
        v.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("reviewDetailScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self.annotate_box)
        self.retranslate()
        self.show_message("")

    # -- public ------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """No case shown: e.g. "Pick a case" or why it cannot be loaded."""
        self.detail = None
        self._message = text
        self.title.setText(text or self.tr("Pick a case in the list to see it here."))
        self.flags_line.clear()
        self.notice.hide()
        self._clear_form()
        self._clear_thumbs()
        self.audit.clear()
        self.notes.clear()
        for box in (self.fields_box, self.photos_box, self.audit_box, self.notes_box):
            box.hide()
        self.annotate_box.setEnabled(False)
        self.save_state.clear()

    def show_detail(self, detail: CaseDetail, notice: str = "") -> None:
        same_case = self.detail is not None and self.detail.row.id == detail.row.id
        self.detail = detail
        for box in (self.fields_box, self.photos_box, self.audit_box, self.notes_box):
            box.show()
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self._render()
        self.annotate_box.setEnabled(True)
        if not same_case:
            self.comment.clear()
            self.verdict.setCurrentIndex(0)
            self.save_state.clear()
        self._build_thumbs()

    def set_thumbnail(self, sha256: str, pixmap: QPixmap) -> None:
        button = self.thumbs.get(sha256)
        if button is not None:
            button.setIcon(QIcon(pixmap))
            button.setProperty("loaded", True)

    def thumbnail_loaded(self, sha256: str) -> bool:
        button = self.thumbs.get(sha256)
        return button is not None and bool(button.property("loaded"))

    def set_saving(self, saving: bool) -> None:
        self._saving = saving
        self._update_save()
        if saving:
            self.save_state.setText(self.tr("Saving…"))

    def annotation_saved(self, note: Annotation) -> None:
        if self.detail is not None and self.detail.row.id == note.case_id:
            if all(n.id != note.id for n in self.detail.annotations):
                self.detail = replace(self.detail, annotations=[*self.detail.annotations, note])
            self._render_notes()
            self.comment.clear()
            self.verdict.setCurrentIndex(0)
        self.set_saving(False)
        self.save_state.setText(self.tr("Saved. The store sees it after its next sync."))

    def annotation_failed(self, message: str) -> None:
        """Keeps what was typed, so the lead can save again."""
        self.set_saving(False)
        self.save_state.setText(self.tr("Not saved: {0}").format(message))

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.fields_box.setTitle(self.tr("Case"))
        self.photos_box.setTitle(self.tr("Photos (click for full size)"))
        self.audit_box.setTitle(self.tr("Audit trail"))
        self.audit.setAccessibleName(self.tr("Audit trail"))
        self.notes_box.setTitle(self.tr("Annotations"))
        self.notes.setAccessibleName(self.tr("Annotations by regional leads"))
        self.annotate_box.setTitle(self.tr("Your verdict"))
        self.verdict_label.setText(self.tr("&Verdict:"))
        self.verdict.setAccessibleName(self.tr("Verdict"))
        chosen = self.verdict.currentData()
        self.verdict.clear()
        self.verdict.addItem(self.tr("Choose…"), "")
        for code in VERDICTS:
            self.verdict.addItem(verdict_label(code), code)
        self.verdict.setCurrentIndex(max(self.verdict.findData(chosen), 0) if chosen else 0)
        self.verdict.setToolTip(self.tr("A verdict, a comment, or both"))
        self.comment_label.setText(self.tr("Co&mment:"))
        self.comment.setAccessibleName(self.tr("Comment"))
        self.comment.setPlaceholderText(self.tr("What the store should know or do"))
        self.save_button.setText(self.tr("&Save verdict"))
        self.save_button.setAccessibleName(self.tr("Save the verdict and comment"))
        self.scroll.setAccessibleName(self.tr("Case details"))
        self.no_photos.setText(self.tr("No photos."))
        if self.detail is not None:
            self._render()
            self._build_thumbs()
        else:
            self.title.setText(self._message or self.tr("Pick a case in the list to see it here."))

    # -- private -------------------------------------------------------------

    def _update_save(self, *_args: object) -> None:
        has_content = bool(self.verdict.currentData()) or bool(self.comment.toPlainText().strip())
        self.save_button.setEnabled(has_content and not self._saving)

    def _save(self) -> None:
        if self.detail is None or not self.save_button.isEnabled():
            return
        comment = self.comment.toPlainText().strip()[:COMMENT_MAX]
        self.set_saving(True)
        self.sig_annotate.emit(self.detail.row.id, self.verdict.currentData() or "", comment)

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)

    def _clear_thumbs(self) -> None:
        self.thumbs.clear()
        while self.photos_row.count():
            item = self.photos_row.takeAt(0)
            w = item.widget()
            if w is not None and w is not self.no_photos:
                w.deleteLater()
        self.no_photos.hide()

    def _build_thumbs(self) -> None:
        """One button per photo; the pictures arrive later (set_thumbnail)."""
        old = {sha: b.icon() for sha, b in self.thumbs.items() if b.property("loaded")}
        self._clear_thumbs()
        d = self.detail
        if d is None:
            return
        if not d.photos:
            self.no_photos.show()
            self.photos_row.addWidget(self.no_photos)
        for n, photo in enumerate(d.photos, 1):
            button = QToolButton()
            button.setObjectName(f"reviewPhoto{n}")
            button.setIconSize(THUMB)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setText(photo.caption or self.tr("Photo {0}").format(n))
            button.setAccessibleName(
                self.tr("Photo {0}: {1}").format(n, photo.caption or self.tr("no caption"))
            )
            if photo.available:
                button.setToolTip(self.tr("Show full size"))
                button.clicked.connect(
                    lambda _c=False, p=photo: self.sig_photo_clicked.emit(p.sha256, p.caption)
                )
            else:
                button.setEnabled(False)
                button.setToolTip(self.tr("The counter has not uploaded this photo yet."))
            if photo.sha256 in old:
                button.setIcon(old[photo.sha256])
                button.setProperty("loaded", True)
            self.thumbs[photo.sha256] = button
            self.photos_row.addWidget(button)

    def _render(self) -> None:
        d = self.detail
        assert d is not None
        r, f = d.row, d.fields
        self.title.setText(
            self.tr("{0} · {1} {2}").format(r.case_no, r.store_code, r.store_name).strip()
        )
        flags = [flag_label(n) for n in r.flags.names()]
        self.flags_line.setText(labels.join(flags))
        self.flags_line.setVisible(bool(flags))
        self._clear_form()

        def when(key: str) -> str:
            value = f.get(key)
            if not value:
                return "—"
            try:
                return local_time(datetime.fromisoformat(str(value)))
            except ValueError:
                return str(value)

        def staff_name(staff_id: str) -> str:
            return d.staff_names.get(staff_id) or staff_id[:8] or "—"

        proxy = (
            self.tr("Yes — {0}").format(f.get("proxy_relationship") or "?")
            if f.get("is_proxy")
            else self.tr("No")
        )
        items = "\n".join(
            self.tr("{0} × {1} ({2}, {3})").format(
                i.quantity,
                i.name or i.order_line_id[:8],
                i.sku or "—",
                labels.yuan(i.unit_price_cents) if i.unit_price_cents is not None else "—",
            )
            for i in d.items
        )
        rows: list[tuple[str, str]] = [
            (self.tr("Status"), labels.case_status(str(f.get("status", "")))),
            (self.tr("Store"), f"{r.store_code} {r.store_name}".strip()),
            (self.tr("Staff"), staff_name(r.staff_id)),
            (self.tr("Channel"), labels.channel(str(f.get("channel", r.channel)))),
            (self.tr("Priority"), labels.priority(str(f.get("priority", r.priority)))),
            (self.tr("Emotion"), labels.emotion(str(f.get("emotion", "")))),
            (self.tr("Urgent goods"), self._yes_no(f.get("urgent_goods"))),
            (self.tr("Customer's words"), str(f.get("customer_words", ""))),
            (self.tr("Requester"), str(f.get("requester_name", ""))),
            (self.tr("On behalf of the orderer"), proxy),
            (self.tr("Order"), d.order_no or "—"),
            (
                self.tr("Identity"),
                labels.identity_status(str(f.get("identity_status", r.identity_status))),
            ),
            (self.tr("Items"), items or "—"),
            (self.tr("Reason"), labels.reason(str(f.get("reason_category", "")))),
            (self.tr("Stated reason"), str(f.get("stated_reason", ""))),
            (self.tr("Real reason"), str(f.get("real_reason", ""))),
            (self.tr("Packaging kept"), self._yes_no(f.get("packaging_kept"))),
            (self.tr("Tags intact"), self._yes_no(f.get("tags_intact"))),
            (self.tr("Seal intact"), self._yes_no(f.get("seal_intact"))),
            (self.tr("Signs of use"), self._yes_no(f.get("signs_of_use"))),
            (self.tr("Condition notes"), str(f.get("condition_notes", ""))),
            (self.tr("Resolution"), labels.resolution(str(f.get("resolution", "")))),
            (self.tr("Refund"), labels.yuan(int(f.get("refund_cents", r.refund_cents) or 0))),
            (self.tr("Refund method"), labels.refund_method(str(f.get("refund_method", "")))),
            (self.tr("Resolution notes"), str(f.get("resolution_notes", ""))),
            (self.tr("Follow up on"), str(f.get("follow_up_on") or "—")),
            (self.tr("Opened"), when("created_at")),
            (self.tr("First response due"), when("first_response_due_at")),
            (self.tr("First response"), when("first_response_at")),
            (self.tr("Finalised"), when("finalised_at")),
            (self.tr("Received by the centre"), local_time(r.received_at)),
        ]
        for name, value in rows:
            text = QLabel(value or "—")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(name + ":", text)

        self.audit.clear()
        for e in d.audit:
            detail = ", ".join(
                f"{k}={v}" for k, v in e.detail.items() if k not in ("supervisor_id", "clerk")
            )
            who = e.staff_name or e.staff_id[:8]
            line = self.tr("{0} · {1} · {2}").format(local_time(e.at), e.action, who)
            self.audit.addItem(f"{line} — {detail}" if detail else line)
        self._render_notes()

    def _render_notes(self) -> None:
        d = self.detail
        assert d is not None
        if not d.annotations:
            self.notes.setText(html.escape(self.tr("No annotations yet.")))
            return
        parts = []
        for n in d.annotations:
            colour = VERDICT_COLOURS.get(n.verdict, "")
            verdict = (
                f'<b style="background:{colour}">&nbsp;{html.escape(verdict_label(n.verdict))}'
                "&nbsp;</b> "
                if n.verdict
                else ""
            )
            head = self.tr("{0} · {1}").format(local_time(n.created_at), n.author_name)
            parts.append(
                f'{verdict}{html.escape(n.text)}<br><span style="color:#666">'
                f"{html.escape(head)}</span>"
            )
        self.notes.setText("<br><br>".join(parts))

    def _yes_no(self, value: Any) -> str:
        if value is None:
            return "—"
        return self.tr("Yes") if value else self.tr("No")
