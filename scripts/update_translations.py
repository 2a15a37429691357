"""Refresh the .ts sources from the code (pyside6-lupdate); translations are kept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("ui", "core", "desktop")
LANGUAGES = ("zh_CN",)


def source_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for d in SOURCES for p in (ROOT / d).rglob("*.py"))


def lupdate() -> str:
    exe = Path(sys.executable).parent / "pyside6-lupdate"
    return str(exe) if exe.exists() else (shutil.which("pyside6-lupdate") or "pyside6-lupdate")


def update(ts_path: Path, extra: tuple[str, ...] = ()) -> None:
    subprocess.run(
        [lupdate(), *extra, *source_files(), "-ts", str(ts_path)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


if __name__ == "__main__":
    for lang in LANGUAGES:
        ts = ROOT / "resources" / "i18n" / f"returndesk_{lang}.ts"
        update(ts, ("-no-obsolete",) if "--drop-obsolete" in sys.argv else ())
        print(f"updated {ts.relative_to(ROOT)}")
