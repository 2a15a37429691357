"""Translation for core messages (QtCore only, so core stays widget-free).

Call sites spell out ``QCoreApplication.translate("Context", "text")`` so that
pyside6-lupdate finds the strings; this module only loads translators.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core.paths import resources_dir

LANGUAGES = {"en": "English", "zh_CN": "中文（简体）"}


def translations_dir() -> str:
    return str(resources_dir() / "i18n")


class Translators:
    """Holds the installed translators so a language can be switched live."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, language: str) -> bool:
        """Install Qt's own and the app's translations; False if a file is missing."""
        app = QCoreApplication.instance()
        assert app is not None
        for tr in self._installed:
            app.removeTranslator(tr)
        self._installed.clear()
        self.language = language
        QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
        if language == "en":
            return True
        ok = True
        # Qt's own strings (wizard buttons, dialogs) first, then ours.
        qt_tr = QTranslator(app)
        if qt_tr.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            app.installTranslator(qt_tr)
            self._installed.append(qt_tr)
        own = QTranslator(app)
        if own.load(f"returndesk_{language}", translations_dir()):
            app.installTranslator(own)
            self._installed.append(own)
        else:
            ok = False
        return ok
