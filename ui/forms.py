"""Form rows with a validation message under each field, and a page banner."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b00020;"


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"{name}Error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class Field:
    """A labelled input with its own message line underneath."""

    def __init__(self, key: str, widget: QWidget) -> None:
        self.key = key
        self.widget = widget
        self.label = QLabel()
        self.label.setObjectName(f"{key}Label")
        self.label.setBuddy(widget)
        self.error = error_label(key)
        self.container = QWidget()
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(self.error)

    def set_text(self, label: str, accessible: str | None = None) -> None:
        self.label.setText(label)
        # "渠道(&C)：" and "&Channel:" both read as the bare word.
        name = accessible or re.sub(r"\(&\w\)|&", "", label).rstrip(":： ")
        self.widget.setAccessibleName(name)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class FieldSet:
    """The fields of one page, keyed by the names core's validation uses."""

    def __init__(self, banner: QLabel) -> None:
        self.fields: dict[str, Field] = {}
        self.banner = banner

    def add(self, form: QFormLayout, key: str, widget: QWidget) -> Field:
        widget.setObjectName(key)
        f = Field(key, widget)
        form.addRow(f.label, f.container)
        self.fields[key] = f
        return f

    def __getitem__(self, key: str) -> Field:
        return self.fields[key]

    def clear(self) -> None:
        for f in self.fields.values():
            f.show_error("")
        self.banner.hide()

    def show(self, problems: Iterable[tuple[str, str]]) -> None:
        """Put each message next to its field; the rest in the page banner."""
        self.clear()
        unplaced: list[str] = []
        first: QWidget | None = None
        for key, message in problems:
            f = self.fields.get(key)
            if f is None:
                unplaced.append(message)
                continue
            f.show_error(message)
            first = first or f.widget
        if unplaced:
            self.banner.setText("\n".join(unplaced))
            self.banner.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
