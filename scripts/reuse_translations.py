"""Fill unfinished messages in a .ts file with the translation the same source text
already has in another context (e.g. after code moved between classes)."""

from __future__ import annotations

import html
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# lupdate itself may pre-fill a moved message ("same text" heuristic) but still
# marks it unfinished; both the empty and the pre-filled form are matched.
UNFINISHED = re.compile(
    r'(<source>([^<]*)</source>\s*)<translation type="unfinished">([^<]*)</translation>'
)


def known_translations(path: Path) -> dict[str, str]:
    known: dict[str, str] = {}
    for msg in ET.parse(path).getroot().iter("message"):
        tr = msg.find("translation")
        if tr is not None and tr.get("type") != "unfinished" and tr.text and not list(tr):
            known.setdefault(msg.findtext("source") or "", tr.text)
    return known


def reuse(path: Path) -> list[str]:
    """Returns the sources still untranslated."""
    known = known_translations(path)
    missing: list[str] = []

    def fill(m: re.Match[str]) -> str:
        source = html.unescape(m.group(2))
        prefilled = html.unescape(m.group(3)).strip()
        text = known.get(source) or prefilled
        if text and prefilled in ("", text):
            return m.group(1) + f"<translation>{html.escape(text, quote=False)}</translation>"
        missing.append(source)
        return m.group(0)

    path.write_text(UNFINISHED.sub(fill, path.read_text(encoding="utf-8")), encoding="utf-8")
    return missing


if __name__ == "__main__":
    for name in sys.argv[1:]:
        for source in reuse(Path(name)):
            print(f"{name}: still untranslated: {source!r}")
