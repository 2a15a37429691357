"""The case wizard: wires its pages to the case service, off the UI thread."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget, QWizard

from core.assessment import CaseAssessment
from core.cases import CaseDraft, CaseService, Problem
from core.errors import UserError
from core.orders import OrderSearch, OrderView
from ui.approval_dialog import ApprovalDialog
from ui.order_search import OrderSearchDialog
from ui.photo_viewer import show_photo
from ui.tasks import TaskRunner
from ui.wizard.base import CasePage
from ui.wizard.condition import ConditionPage
from ui.wizard.identity import IdentityPage
from ui.wizard.intake import IntakePage
from ui.wizard.items import ItemsPage
from ui.wizard.resolution import ResolutionPage
from ui.wizard.summary import SummaryPage

log = logging.getLogger(__name__)

BUTTON_NAMES = {
    QWizard.WizardButton.BackButton: "backButton",
    QWizard.WizardButton.NextButton: "nextButton",
    QWizard.WizardButton.FinishButton: "finishButton",
    QWizard.WizardButton.CancelButton: "cancelButton",
}


class CaseWizard(QWizard):
    sig_finalised = Signal(object)
    """The CaseDraft of a case that was just finalised (read-only from now on)."""
    sig_closed = Signal(str)
    """The id of a case whose wizard was closed before finalising (draft kept)."""

    def __init__(
        self,
        service: CaseService,
        runner: TaskRunner,
        staff_id: str,
        draft: CaseDraft,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.resize(820, 680)
        self.service = service
        self.runner = runner
        self.staff_id = staff_id
        self.draft = draft
        self._advance_approved = False
        self._busy = False
        self._shown_id = -1
        self._finished = False
        self._supervisors: list[tuple[str, str]] | None = None
        self.approval_dialog: ApprovalDialog | None = None
        self.search_dialog: OrderSearchDialog | None = None

        policy = service.policy
        self.intake = IntakePage()
        self.intake.set_sla_minutes(
            policy.first_response_minutes(False), policy.first_response_minutes(True)
        )
        self.identity = IdentityPage()
        self.items = ItemsPage(tuple(policy.reasons))
        self.condition = ConditionPage()
        self.resolution = ResolutionPage()
        self.summary = SummaryPage()
        self.pages: list[CasePage] = [
            self.intake,
            self.identity,
            self.items,
            self.condition,
            self.resolution,
            self.summary,
        ]
        for i, page in enumerate(self.pages):
            self.setPage(i, page)
        for button, name in BUTTON_NAMES.items():
            self.button(button).setObjectName(name)

        self.identity.sig_lookup_requested.connect(self._lookup_order)
        self.identity.sig_check_requested.connect(self._check_identity)
        self.intake.sig_words_changed.connect(self._suggest_priority)
        self.identity.sig_override_requested.connect(
            lambda: self._request_approval(("identity_override",))
        )
        self.identity.sig_search_requested.connect(self._open_order_search)
        self.condition.sig_answers_changed.connect(self._refresh_assessment)
        self.resolution.sig_changed.connect(self._refresh_assessment)
        self.resolution.sig_approval_requested.connect(self._request_approval)
        self.condition.sig_photo_submitted.connect(self._add_photo)
        self.summary.sig_photo_opened.connect(self._open_photo)
        self.condition.sig_photo_remove.connect(self._remove_photo)
        self.currentIdChanged.connect(self._page_changed)
        # Multi-line fields keep Enter for new lines; Ctrl+Enter still moves on.
        QShortcut(QKeySequence("Ctrl+Return"), self, self.next)

        self.retranslate()
        self.restart()
        # Resuming walks forward through the earlier pages (no saving, no checks)
        # so Back works as if staff had come here themselves.
        for _ in range(min(draft.current_page, len(self.pages) - 1)):
            self._advance_approved = True
            self.next()

    # -- public ------------------------------------------------------------

    def store_current(self) -> CaseDraft:
        page = self.currentPage()
        if isinstance(page, CasePage):
            page.store(self.draft)
        return self.draft

    # -- Qt overrides --------------------------------------------------------

    def validateCurrentPage(self) -> bool:
        if self._advance_approved:
            self._advance_approved = False
            return True
        if self._busy:
            return False
        idx = self.currentId()
        draft = copy.deepcopy(self.store_current())
        self._set_busy(True)
        if idx == len(self.pages) - 1:
            self.runner.submit(
                self.service.finalise, draft, self.staff_id,
                on_done=self._finalised, on_error=self._op_failed,
            )  # fmt: skip
        else:
            self.runner.submit(
                self.service.save_page, draft, self.staff_id, idx,
                on_done=self._page_saved, on_error=self._op_failed,
            )  # fmt: skip
        return False

    def reject(self) -> None:
        """Closing keeps the draft, including the page being typed."""
        if not self._finished:
            draft = copy.deepcopy(self.store_current())
            draft.current_page = max(self.currentId(), 0)
            self.runner.submit(
                self.service.save_draft, draft, self.staff_id, on_error=self._op_failed
            )
            self.sig_closed.emit(draft.id)
        self._finished = True
        super().reject()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- private: results of core work ---------------------------------------

    def _page_saved(self, result: tuple[CaseDraft, list[Problem]]) -> None:
        saved, problems = result
        self._set_busy(False)
        self._adopt(saved)
        page = self.currentPage()
        if problems:
            if isinstance(page, CasePage):
                page.show_problems(problems)
            return
        if isinstance(page, CasePage):
            page.show_problems([])
        self._advance_approved = True
        self.next()

    def _finalised(self, final: CaseDraft) -> None:
        self._set_busy(False)
        self.draft = final
        self._finished = True
        self.sig_finalised.emit(final)
        self._advance_approved = True
        self.accept()

    def _op_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if self._finished and not self.isVisible():
            log.error("saving a closed wizard's draft failed", exc_info=exc)
            self.runner.failed.emit(exc)
            return
        page = self.currentPage()
        if isinstance(exc, UserError):
            problem = Problem(exc.field or "", exc.message)
        else:
            log.error("case wizard operation failed", exc_info=exc)
            problem = Problem(
                "",
                self.tr(
                    "Something went wrong and this step was not saved. The case is kept up to "
                    "the last page; try again, and tell IT if it happens again."
                ),
            )
        if isinstance(page, CasePage):
            page.show_problems([problem])

    def _adopt(self, saved: CaseDraft) -> None:
        """Take the stored draft but keep what staff typed meanwhile on this page."""
        self.draft = saved
        self.setWindowTitle(self.tr("Return case {0}").format(saved.case_no))

    # -- private: page signals ------------------------------------------------

    def _page_changed(self, new_id: int) -> None:
        old_id, self._shown_id = self._shown_id, new_id
        if new_id < 0:
            return
        if 0 <= new_id < old_id:
            # Going back: save the page we left (autosave on every page change).
            left = self.page(old_id)
            if isinstance(left, CasePage):
                left.store(self.draft)
            self.draft.current_page = new_id
            self.runner.submit(
                self.service.save_draft, copy.deepcopy(self.draft), self.staff_id,
                on_error=self._op_failed,
            )  # fmt: skip
        page = self.pages[new_id]
        page.load(self.draft)
        if page is self.items and self.draft.order is not None:
            self._refresh_items(self.draft.order)
        if page in (self.condition, self.resolution):
            self._refresh_assessment()
        if page is self.resolution:
            self._with_supervisors(self._show_approvals)
        page.show_problems([])

    def _suggest_priority(self, text: str) -> None:
        # Pure policy arithmetic on a few words: cheap enough for the UI thread.
        suggestion = self.service.policy.suggest_priority(text)
        self.intake.set_suggestion(suggestion.priority, suggestion.matched_keywords)

    def _refresh_assessment(self) -> None:
        draft = copy.deepcopy(self.store_current())
        self.runner.submit(self.service.assess, draft, on_done=self._got_assessment)

    def _got_assessment(self, assessment: CaseAssessment) -> None:
        self.condition.set_assessment(assessment)
        self.resolution.set_assessment(assessment)

    def _with_supervisors(self, then: Callable[[list[tuple[str, str]]], None]) -> None:
        if self._supervisors is not None:
            then(self._supervisors)
            return

        def got(supervisors: list[tuple[str, str]]) -> None:
            self._supervisors = supervisors
            then(supervisors)

        self.runner.submit(self.service.supervisors, self.draft.store_code, on_done=got)

    def _show_approvals(self, supervisors: list[tuple[str, str]]) -> None:
        self.resolution.set_approvals(self.draft.approvals, dict(supervisors))

    def _request_approval(self, reasons: tuple[str, ...]) -> None:
        self._with_supervisors(lambda sups: self._open_approval(reasons, sups))

    def _open_approval(self, reasons: tuple[str, ...], supervisors: list[tuple[str, str]]) -> None:
        dialog = ApprovalDialog(reasons, supervisors, self)
        self.approval_dialog = dialog

        def approve(supervisor_id: str, pin: str, note: str) -> None:
            draft = copy.deepcopy(self.store_current())
            draft.current_page = self.currentId()
            self.runner.submit(
                self.service.approve, draft, self.staff_id, supervisor_id, pin, reasons, note,
                on_done=lambda saved: self._approved(dialog, saved),
                on_error=lambda exc: self._approval_failed(dialog, exc),
            )  # fmt: skip

        dialog.sig_approve.connect(approve)
        dialog.open()

    def _approved(self, dialog: ApprovalDialog, saved: CaseDraft) -> None:
        dialog.accept()
        self.draft.approvals = saved.approvals
        self.draft.identity_status = saved.identity_status
        self.identity.set_identity_status(saved.identity_status)
        self.identity.fields.clear()
        if self._supervisors is not None:
            self._show_approvals(self._supervisors)
        self._refresh_assessment()

    def _approval_failed(self, dialog: ApprovalDialog, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            dialog.show_problem(Problem(exc.field or "", exc.message))
        else:
            dialog.reject()
            self._op_failed(exc)

    def _open_order_search(self) -> None:
        today = self.service.now().astimezone().date()
        dialog = OrderSearchDialog(QDate(today.year, today.month, today.day), self)
        self.search_dialog = dialog

        def search(criteria: OrderSearch) -> None:
            self.runner.submit(
                self.service.search_orders, criteria, self.draft.store_code,
                on_done=dialog.set_candidates,
                on_error=lambda exc: self._search_failed(dialog, exc),
            )  # fmt: skip

        def chosen(order_no: str) -> None:
            self.identity.order_no.setText(order_no)
            self._lookup_order(order_no)

        dialog.sig_search.connect(search)
        dialog.sig_chosen.connect(chosen)
        dialog.open()

    def _search_failed(self, dialog: OrderSearchDialog, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            dialog.show_problem(exc.field or "", exc.message)
        else:
            dialog.reject()
            self._op_failed(exc)

    def _lookup_order(self, text: str) -> None:
        self.runner.submit(
            self.service.lookup_order, text,
            on_done=self._order_found, on_error=self._lookup_failed,
        )  # fmt: skip

    def _order_found(self, order: OrderView) -> None:
        changed = self.draft.order is None or self.draft.order.id != order.id
        if changed and self.draft.identity_status == "verified":
            # A confirmed identity belongs to one order; a flagged mismatch stays.
            self.draft.identity_status = "unchecked"
            self.identity.set_identity_status("unchecked")
        self.draft.order = order
        self.identity.set_order(order)

    def _lookup_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.identity.show_lookup_error(exc.message)
        else:
            self._op_failed(exc)

    def _check_identity(self, _name: str, _last4: str) -> None:
        draft = copy.deepcopy(self.store_current())
        draft.current_page = self.currentId()
        self._set_busy(True)
        self.runner.submit(
            self.service.check_identity, draft, self.staff_id,
            on_done=self._identity_checked, on_error=self._op_failed,
        )  # fmt: skip

    def _identity_checked(self, checked: CaseDraft) -> None:
        self._set_busy(False)
        self.draft.identity_status = checked.identity_status
        self.draft.flags = checked.flags
        self.identity.set_identity_status(checked.identity_status)
        if checked.identity_status == "verified":
            self.identity.fields.clear()
            self.button(QWizard.WizardButton.NextButton).setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_items(self, order: OrderView) -> None:
        self.runner.submit(
            self.service.already_returned, [ln.id for ln in order.lines], self.draft.id,
            on_done=self._got_earlier_returns,
            on_error=self._op_failed,
        )  # fmt: skip

    def _got_earlier_returns(self, earlier: dict[str, int]) -> None:
        self.items.set_order(self.draft.order, earlier)

    def _open_photo(self, photo_id: str) -> None:
        for p in self.draft.photos:
            if p.id == photo_id:
                show_photo(self, p.path, p.caption, sha256=p.sha256)

    def _add_photo(self, path: Path, caption: str = "") -> None:
        self.condition.set_busy(True)
        self.runner.submit(
            self.service.add_photo, self.draft.id, self.staff_id, path, caption,
            on_done=self._photos_changed, on_error=self._photo_failed,
        )  # fmt: skip

    def _remove_photo(self, photo_id: str) -> None:
        self.runner.submit(
            self.service.remove_photo, self.draft.id, self.staff_id, photo_id,
            on_done=self._photos_changed, on_error=self._photo_failed,
        )  # fmt: skip

    def _photos_changed(self, saved: CaseDraft) -> None:
        self.condition.set_busy(False)
        self.draft.photos = saved.photos
        self.condition.set_photos(saved.photos)

    def _photo_failed(self, exc: BaseException) -> None:
        self.condition.set_busy(False)
        if isinstance(exc, UserError):
            self.condition.show_photo_error(exc.message)
        else:
            self._op_failed(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton,
                  QWizard.WizardButton.BackButton):  # fmt: skip
            self.button(b).setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Return case {0}").format(self.draft.case_no))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finalise"))
        names = {
            "backButton": self.tr("Back"),
            "nextButton": self.tr("Next"),
            "finishButton": self.tr("Finalise"),
            "cancelButton": self.tr("Close and keep draft"),
        }
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Close and &keep draft"))
        for button, name in BUTTON_NAMES.items():
            self.button(button).setAccessibleName(names[name])
