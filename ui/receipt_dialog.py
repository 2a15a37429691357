"""The customer's receipt on screen: in the customer's language, printed or saved as PDF.

The receipt's own language is chosen here for the customer and may differ
from the counter's; the dialog's buttons follow the counter's language.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core import devices
from core.i18n import LANGUAGES
from core.receipt import (
    PAGE_MARGINS_MM,
    PAGE_SIZE,
    ReceiptData,
    print_receipt,
    receipt_document,
    write_receipt_pdf,
)

log = logging.getLogger(__name__)

# The preview's text is as wide as the printed text (the page less its
# margins), so staff see lines break where the paper will; a margin of its own
# keeps it off the frame.
_PREVIEW_MARGIN_PX = 16
_PAPER_TEXT_MM = (
    QPageSize(PAGE_SIZE).size(QPageSize.Unit.Millimeter).width()
    - PAGE_MARGINS_MM.left()
    - PAGE_MARGINS_MM.right()
)
_PREVIEW_WIDTH_PX = 2 * _PREVIEW_MARGIN_PX + round(_PAPER_TEXT_MM / 25.4 * 96)


def choose_printer(parent: QWidget, printer: QPrinter) -> bool:
    """The print dialog, at module level so tests can replace it. True to print."""
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


def choose_pdf_path(parent: QWidget, suggested: Path) -> Path | None:
    """The save dialog, at module level so tests can replace it."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("ReceiptDialog", "Save the receipt as PDF"),
        str(suggested),
        QCoreApplication.translate("ReceiptDialog", "PDF files (*.pdf)"),
    )
    return Path(name) if name else None


class ReceiptDialog(QDialog):
    sig_saved = Signal(object)
    """The Path of the PDF just saved."""
    sig_printed = Signal()
    """The receipt went to the printer."""

    def __init__(
        self,
        data: ReceiptData,
        language: str,
        parent: QWidget | None = None,
        *,
        translations: str | os.PathLike[str] | None = None,
        printer: str | None = None,
    ) -> None:
        """``printer``: the printer to print on by name; default: the counter's setting."""
        super().__init__(parent)
        self.setObjectName("receiptDialog")
        self._data = data
        self.printer_name = devices.current().printer if printer is None else printer.strip()
        self._translations = translations
        self._language = language if language in LANGUAGES else "en"
        self._document: QTextDocument | None = None
        self._status: Callable[[], str] | None = None

        self.language_label = QLabel()
        self.language_label.setObjectName("receiptLanguageLabel")
        self.language_box = QComboBox()
        self.language_box.setObjectName("receiptLanguage")
        for code, name in LANGUAGES.items():
            # Each language is named in its own words: the customer reads it.
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(self._language))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.language_label.setBuddy(self.language_box)

        self.view = QTextBrowser()
        self.view.setObjectName("receiptView")
        self.view.setOpenLinks(False)
        self.view.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.view.setLineWrapColumnOrWidth(_PREVIEW_WIDTH_PX)
        self.view.setMinimumSize(_PREVIEW_WIDTH_PX + 24, 560)

        self.status = QLabel()
        self.status.setObjectName("receiptStatus")
        self.status.setWordWrap(True)
        self.status.hide()

        self.print_button = QPushButton()
        self.print_button.setObjectName("printReceiptButton")
        self.print_button.clicked.connect(self._print)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveReceiptPdfButton")
        self.save_button.clicked.connect(self._save_pdf)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeReceiptButton")
        self.close_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.setDefault(True)

        top = QHBoxLayout()
        top.addWidget(self.language_label)
        top.addWidget(self.language_box)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self._render()
        self.retranslate()

    # -- Qt overrides ------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- public ------------------------------------------------------------

    def language(self) -> str:
        """The customer's language the receipt is shown, printed and saved in."""
        return self._language

    def set_language(self, language: str) -> None:
        index = self.language_box.findData(language)
        if index >= 0:
            self.language_box.setCurrentIndex(index)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Receipt {0}").format(self._data.case_no))
        self.language_label.setText(self.tr("Customer's &language:"))
        self.language_box.setAccessibleName(self.tr("Customer's language"))
        self.view.setAccessibleName(self.tr("Receipt"))
        self.print_button.setText(self.tr("&Print…"))
        self.print_button.setAccessibleName(self.tr("Print the receipt"))
        self.save_button.setText(self.tr("Save as P&DF…"))
        self.save_button.setAccessibleName(self.tr("Save the receipt as PDF"))
        self.close_button.setText(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self._show_status(self._status)

    # -- private -----------------------------------------------------------

    def _language_chosen(self, index: int) -> None:
        self._language = self.language_box.itemData(index)
        self._show_status(None)
        self._render()

    def _render(self) -> None:
        document = receipt_document(self._data, self._language, translations=self._translations)
        document.setDocumentMargin(_PREVIEW_MARGIN_PX)
        self.view.setDocument(document)
        self._document = document  # the view does not own it; the old one goes now

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._data.case_no)
        printer.setPageLayout(
            QPageLayout(
                QPageSize(PAGE_SIZE),
                QPageLayout.Orientation.Portrait,
                PAGE_MARGINS_MM,
                QPageLayout.Unit.Millimeter,
            )
        )
        if self.printer_name:
            found = devices.match_printer(QPrinterInfo.availablePrinterNames(), self.printer_name)
            if found is not None:
                printer.setPrinterName(found)  # the print dialog opens on it
            else:
                wanted = self.printer_name
                log.warning("configured receipt printer %r is not installed", wanted)
                self._show_status(
                    lambda: self.tr(
                        "The printer set for this counter ({0}) is not installed on this "
                        "computer. Choose another printer, or save the receipt as PDF."
                    ).format(wanted)
                )
        if not choose_printer(self, printer):
            return
        try:
            print_receipt(self._data, self._language, printer, translations=self._translations)
        except OSError as error:
            message = str(error)
            self._show_status(
                lambda: self.tr("The receipt could not be printed: {0}").format(message)
            )
            return
        self._show_status(lambda: self.tr("The receipt was sent to the printer."))
        self.sig_printed.emit()

    def _save_pdf(self) -> None:
        path = choose_pdf_path(self, Path.home() / f"{self._data.case_no}.pdf")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        try:
            saved = write_receipt_pdf(
                self._data, self._language, path, translations=self._translations
            )
        except OSError as error:
            reason = error.strerror or str(error)
            self._show_status(
                lambda: self.tr("The PDF could not be saved to {0}: {1}").format(path, reason)
            )
            return
        self._show_status(lambda: self.tr("Saved {0}").format(saved))
        self.sig_saved.emit(saved)

    def _show_status(self, message: Callable[[], str] | None) -> None:
        """Show a message, kept as a function so it can follow a language change."""
        self._status = message
        self.status.setText(message() if message else "")
        self.status.setVisible(message is not None)
