"""Summary: the whole case on one page before it is finalised."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QComboBox, QTextBrowser

from core import labels
from core.cases import CaseDraft
from core.i18n import LANGUAGES
from ui.wizard.base import CasePage


class SummaryPage(CasePage):
    sig_photo_opened = Signal(str)
    """The id of a photo staff clicked to see full size."""

    def __init__(self) -> None:
        super().__init__("summary")
        self.view = QTextBrowser()
        self.view.setObjectName("summaryView")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._anchor_clicked)
        self.outer.addWidget(self.view, 1)
        # The receipt goes out in the customer's language, whatever the counter's is.
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.fields.add(self.form, "customer_language", self.language)
        self._draft: CaseDraft | None = None
        self.retranslate()

    def load(self, draft: CaseDraft) -> None:
        self._draft = draft
        self.language.setCurrentIndex(max(0, self.language.findData(draft.customer_language)))
        self._render()

    def store(self, draft: CaseDraft) -> None:
        draft.customer_language = self.language.currentData() or "zh_CN"

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "photo":
            self.sig_photo_opened.emit(url.path().lstrip("/"))

    def _render(self) -> None:
        d = self._draft
        if d is None:
            self.view.clear()
            return
        yes_no = {True: self.tr("yes"), False: self.tr("no"), None: "—"}
        rows: list[tuple[str, str]] = [
            (self.tr("Case"), d.case_no),
            (self.tr("Channel"), labels.channel(d.channel)),
            (self.tr("Customer's words"), d.customer_words),
            (self.tr("Emotion"), labels.emotion(d.emotion)),
            (self.tr("Priority"), labels.priority(d.priority)),
            (self.tr("Order"), d.order.order_no if d.order else "—"),
            (
                self.tr("Requester"),
                self.tr("on behalf of the orderer ({0}): {1}").format(
                    d.proxy_relationship, d.requester_name
                )
                if d.is_proxy
                else self.tr("the orderer"),
            ),
            (
                self.tr("Identity"),
                {
                    "verified": self.tr("confirmed"),
                    "mismatch": self.tr("MISMATCH — flagged"),
                }.get(d.identity_status, self.tr("not checked")),
            ),
        ]
        if d.order is not None:
            names = {ln.id: ln for ln in d.order.lines}
            items = labels.join(
                f"{names[lid].name} × {qty}" for lid, qty in d.items.items() if lid in names
            )
            rows.append((self.tr("Items"), items))
        rows += [
            (self.tr("Kind of problem"), labels.reason(d.reason_category)),
            (self.tr("Stated reason"), d.stated_reason),
            (self.tr("Real reason"), d.real_reason or "—"),
            (self.tr("Packaging kept"), yes_no[d.packaging_kept]),
            (self.tr("Tags intact"), yes_no[d.tags_intact]),
            (self.tr("Seal unopened"), yes_no[d.seal_intact]),
            (self.tr("Signs of use"), yes_no[d.signs_of_use]),
            (self.tr("Condition notes"), d.condition_notes or "—"),
            (self.tr("Resolution"), labels.resolution(d.resolution)),
        ]
        if d.resolution == "refund":
            rows.append(
                (
                    self.tr("Refund"),
                    f"{labels.yuan(d.refund_cents)} · {labels.refund_method(d.refund_method)}",
                )
            )
        rows.append((self.tr("Notes"), d.resolution_notes or "—"))
        rows.append(
            (
                self.tr("Follow-up"),
                d.follow_up_on.isoformat() if d.follow_up_on else self.tr("none"),
            )
        )
        body = "".join(
            f"<tr><th align='left' style='padding-right:12px'>{escape(k)}</th>"
            f"<td>{escape(v)}</td></tr>"
            for k, v in rows
        )
        photos = "".join(
            f"<a href='photo:{p.id}'>"
            f"<img src='{QUrl.fromLocalFile(str(p.thumb_path)).toString()}' height='96'></a> "
            for p in d.photos
        )
        photos_title = self.tr("Photos")
        self.view.setHtml(
            f"<table cellspacing='2'>{body}</table>"
            + (f"<p><b>{escape(photos_title)}</b><br>{photos}</p>" if photos else "")
        )

    def retranslate(self) -> None:
        self.setTitle(self.tr("Summary"))
        self.setSubTitle(
            self.tr("Check everything with the customer. Finalising stores the case for good.")
        )
        self.view.setAccessibleName(self.tr("Case summary"))
        self.fields["customer_language"].set_text(self.tr("Receipt &language:"))
        self._render()
