"""What every wizard page has: a form with messages, load/store, live retranslation."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWizardPage

from core.cases import CaseDraft, Problem
from ui.forms import FieldSet, error_label


class CasePage(QWizardPage):
    """A page edits part of a CaseDraft; the wizard saves and validates through core."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(f"{name}Page")
        self.banner = error_label(f"{name}Page")
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.banner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(self.form)
        self.fields = FieldSet(self.banner)

    # -- public ------------------------------------------------------------

    def load(self, draft: CaseDraft) -> None:
        """Show the draft's values."""

    def store(self, draft: CaseDraft) -> None:
        """Write the widgets' values into the draft."""

    def show_problems(self, problems: list[Problem]) -> None:
        self.fields.show((p.field, p.message) for p in problems)

    def retranslate(self) -> None:
        """Set every visible text; called at start and on a language change."""

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
