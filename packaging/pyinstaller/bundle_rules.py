"""What goes into the PyInstaller bundle and what is filtered out of it.

Shared by ``build.spec`` (the app) and ``bench/startup.py`` (a bare PySide6 window
frozen the same way), so the start-up comparison is fair. Pure functions over
PyInstaller's TOC tuples ``(dest_name, src_name, typecode)``: no PyInstaller import,
so ``tests/test_packaging.py`` can check the rules without building anything.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import site
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

GUI_EXE = "ReturnDesk"  # windowed (no console window on Windows)
CLI_EXE = "returndesk-cli"  # console, same code: verify-audit, diagnostics
BUNDLE_DIR = "ReturnDesk"  # dist/ReturnDesk/

# Qt translations we ship (the app's languages); Qt has ~30 more of each catalogue.
QT_LANGUAGES = ("zh_CN", "en")

# Python packages that are installed in the dev venv but never run in the counter app.
# (Only matters if something imports them by accident; PyInstaller follows imports.)
PYTHON_EXCLUDES = [
    "server",  # the central service (issue #5) is not part of the counter bundle
    "fastapi",
    "starlette",
    "uvicorn",
    "psycopg",
    "psycopg_binary",
    "pydantic",
    "pydantic_core",
    "pytest",
    "pytestqt",
    "_pytest",
    "hypothesis",
    "mypy",
    "tkinter",
    # Only concurrent.futures.process (ProcessPoolExecutor, never used) imports it, yet its
    # presence makes PyInstaller run a runtime hook importing multiprocessing on every
    # start (~20-40 ms before the first window).
    "multiprocessing",
    "pygments",  # mako only uses it to colour tracebacks, and falls back without it
    "click",  # httpx imports it for its own command line only (ImportError is handled)
    "rich",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtDesigner",
    "PySide6.Qt3DCore",
    "PySide6.QtQuick3D",
    # PyInstaller's QtMultimedia hook adds it; the app shows video through QVideoSink
    # (core/camera.py), never QVideoWidget. tests/test_packaging.py fails if it ever does.
    "PySide6.QtMultimediaWidgets",
]

# Qt files dropped from a.binaries / a.datas, by category: (category, glob on the
# bundle-relative path with "/" separators). The categories appear in the build's
# summary (build/bundle-filter.json) and in docs/packaging.md.
QT_DROP_RULES: list[tuple[str, str]] = [
    # Modules the app never imports (pulled in as dependencies of plugins or hooks).
    ("webengine", "*Qt6WebEngine*"),
    ("webengine", "*/Qt/resources/qtwebengine*"),
    ("webengine", "*/Qt/translations/qtwebengine_locales/*"),
    ("webengine", "*/Qt/libexec/QtWebEngineProcess*"),
    ("pdf", "*Qt6Pdf*"),
    ("pdf", "*/plugins/imageformats/*qpdf*"),  # renders PDF files as images; unused
    ("virtualkeyboard", "*Qt6VirtualKeyboard*"),
    ("virtualkeyboard", "*/plugins/platforminputcontexts/*qtvirtualkeyboard*"),
    ("virtualkeyboard", "*/qml/QtQuick/VirtualKeyboard/*"),
    ("qml-tooling", "*/plugins/qmltooling/*"),
    ("qml-tooling", "*/plugins/qmllint/*"),
    ("qml-tooling", "*Qt6QmlCompiler*"),
    ("qml-tooling", "*Qt6QmlLS*"),
    ("qml-tooling", "*Qt6QmlDom*"),
    ("qml-tooling", "*Qt6QmlToolingSettings*"),
    ("qml-tooling", "*Qt6QuickTest*"),
    ("designer", "*Qt6Designer*"),
    ("designer", "*/plugins/designer/*"),
    # Excluded above (PYTHON_EXCLUDES); its library would stay behind without the binding.
    ("unused-modules", "*Qt6MultimediaWidgets*"),
    ("unused-modules", "*/PySide6/QtMultimediaWidgets.*"),
    # QML charts: the review dashboard uses the widget charts (QtCharts, kept).
    ("unused-modules", "*Qt6ChartsQml*"),
    # Wayland: the counters run X11 (xcb); under a Wayland session Qt falls back
    # to xcb through XWayland when no wayland platform plugin is present.
    ("wayland", "*Qt6Wayland*"),
    ("wayland", "*Qt6WlShellIntegration*"),
    ("wayland", "*/plugins/wayland-*"),
    ("wayland", "*/plugins/platforms/*qwayland*"),
    # Platforms for embedded boards / remote framebuffers; xcb, offscreen and
    # minimal stay (offscreen runs the smoke test and the screenshots).
    ("embedded-platforms", "*/plugins/egldeviceintegrations/*"),
    ("embedded-platforms", "*/plugins/platforms/*qeglfs*"),
    ("embedded-platforms", "*/plugins/platforms/*qlinuxfb*"),
    ("embedded-platforms", "*/plugins/platforms/*qvnc*"),
    ("embedded-platforms", "*/plugins/platforms/*qminimalegl*"),
    ("embedded-platforms", "*/plugins/platforms/*qvkkhrdisplay*"),
    ("embedded-platforms", "*Qt6EglFsKmsSupport*"),
    ("embedded-platforms", "*Qt6EglFsKmsGbmSupport*"),
    ("embedded-platforms", "*Qt6EglFSDeviceIntegration*"),
    # GTK3 platform theme: needs the target's GTK3, and would load it next to the
    # cairo/pango/gdk-pixbuf PyInstaller copied from the build machine (a crash
    # risk). Without it Qt uses the xdg-desktop-portal theme or its own Fusion look.
    ("gtk3-theme", "*/plugins/platformthemes/*qgtk3*"),
    # Plugin families for modules the app does not use.
    ("unused-plugins", "*/plugins/sqldrivers/*"),
    ("unused-plugins", "*/plugins/texttospeech/*"),
    ("unused-plugins", "*/plugins/position/*"),
    ("unused-plugins", "*/plugins/geoservices/*"),
    ("unused-plugins", "*/plugins/sensors/*"),
    ("unused-plugins", "*/plugins/canbus/*"),
    ("unused-plugins", "*/plugins/scxmldatamodel/*"),
    ("unused-plugins", "*/plugins/webview/*"),
    ("unused-plugins", "*/plugins/renderers/*"),
    ("unused-plugins", "*/plugins/renderplugins/*"),
    ("unused-plugins", "*/plugins/sceneparsers/*"),
    ("unused-plugins", "*/plugins/assetimporters/*"),
    ("unused-plugins", "*/plugins/geometryloaders/*"),
]


def _norm(dest: str) -> str:
    return "/" + dest.replace(os.sep, "/").replace("\\", "/").lstrip("/")


def drop_reason(dest: str) -> str | None:
    """The category a bundled file is dropped for, or None when it stays."""
    path = _norm(dest)
    if "/Qt/translations/" in path and path.endswith(".qm"):
        keep = any(path.endswith(f"_{lang}.qm") for lang in QT_LANGUAGES)
        return None if keep else "qt-translations"
    for category, pattern in QT_DROP_RULES:
        if fnmatch.fnmatchcase(path, pattern if pattern.startswith("*") else "*" + pattern):
            return category
    return None


Entry = tuple[str, str, str]  # PyInstaller TOC entry: (dest_name, src_name, typecode)


def filter_toc(toc: Iterable[Entry]) -> tuple[list[Entry], list[tuple[str, Entry]]]:
    """Split a TOC into what stays and what is dropped, as (category, entry)."""
    kept: list[Entry] = []
    dropped: list[tuple[str, Entry]] = []
    for entry in toc:
        reason = drop_reason(entry[0])
        if reason is None:
            kept.append(entry)
        else:
            dropped.append((reason, entry))
    return kept, dropped


def prune_orphans(
    binaries: list[Entry],
    dropped: list[tuple[str, Entry]],
    imports_of: Callable[[str], Iterable[str]],
    is_candidate: Callable[[Entry], bool],
) -> tuple[list[Entry], list[tuple[str, Entry]]]:
    """Also drop the libraries that only the dropped files needed.

    PyInstaller collected the system libraries a plugin links against (the GTK theme
    plugin brings cairo, pango, gdk-pixbuf, atk, ...). Once the plugin is filtered
    out, those would ship for nothing. A kept library is an orphan when it is
    reachable (by DT_NEEDED / PE imports, ``imports_of(src)`` -> library names) from a
    dropped file and from no kept file; only ``is_candidate`` entries (libraries
    found by dependency analysis, not ones a hook collected on purpose) can go.
    """
    by_name: dict[str, str] = {}
    for entry in [*binaries, *(e for _c, e in dropped)]:
        by_name.setdefault(os.path.basename(entry[0]), entry[1])

    def reach(sources: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(sources)
        done: set[str] = set()
        while todo:
            src = todo.pop()
            if src in done:
                continue
            done.add(src)
            for name in imports_of(src):
                name = os.path.basename(name)
                if name not in seen:
                    seen.add(name)
                    if name in by_name:
                        todo.append(by_name[name])
        return seen

    candidates = {os.path.basename(e[0]) for e in binaries if is_candidate(e)}
    live = reach(e[1] for e in binaries if os.path.basename(e[0]) not in candidates)
    dead = reach(e[1] for c, e in dropped if e[2] != "SYMLINK")
    orphans = (dead & candidates) - live
    kept = [e for e in binaries if os.path.basename(e[0]) not in orphans]
    more = [("orphaned-dependencies", e) for e in binaries if os.path.basename(e[0]) in orphans]
    return kept, dropped + more


def drop_dangling_symlinks(
    datas: list[Entry], dropped: list[tuple[str, Entry]]
) -> tuple[list[Entry], list[tuple[str, Entry]]]:
    """SYMLINK entries (dest, target, "SYMLINK") whose target was dropped go too."""
    gone = {_norm(e[0]) for _c, e in dropped}
    kept: list[Entry] = []
    more: list[tuple[str, Entry]] = []
    for entry in datas:
        if entry[2] == "SYMLINK" and _norm(entry[1]) in gone:
            more.append(("dangling-symlinks", entry))
        else:
            kept.append(entry)
    return kept, dropped + more


def summarize(dropped: list[tuple[str, Entry]]) -> dict[str, dict[str, object]]:
    """Category -> files, bytes and names dropped (sizes of the source files)."""
    out: dict[str, dict[str, object]] = {}
    for category, entry in dropped:
        item = out.setdefault(category, {"files": 0, "bytes": 0, "names": []})
        size = 0
        if entry[2] != "SYMLINK":
            try:
                size = os.path.getsize(entry[1])
            except OSError:
                size = 0
        item["files"] = int(item["files"]) + 1  # type: ignore[call-overload]
        item["bytes"] = int(item["bytes"]) + size  # type: ignore[call-overload]
        item["names"].append(entry[0])  # type: ignore[union-attr]
    return out


def _imports_of_binary(src: str) -> list[str]:
    from PyInstaller.depend.bindepend import get_imports  # only while building

    try:
        return [name for name, _path in get_imports(src)]
    except Exception:  # noqa: BLE001 - not a binary we can read: no dependencies
        return []


def _from_dependency_analysis(entry: Entry) -> bool:
    """System libraries PyInstaller found by following links (wheel files are not)."""
    sites = [os.path.realpath(p) + os.sep for p in site.getsitepackages()]
    src = os.path.realpath(entry[1])
    return entry[2] == "BINARY" and not any(src.startswith(p) for p in sites)


def strip_debug_info(binaries: list[Entry], out_dir: Path) -> tuple[list[Entry], int]:
    """Point binaries that carry DWARF debug info at `strip --strip-debug` copies.

    pyenv's libpython and stdlib extensions (and some wheels' Cython modules) carry
    ~35 MB of debug sections. Symbols stay. Qt/PySide6 files are never touched:
    PyInstaller's strip=True breaks the bundled FFmpeg libraries.
    """
    if not (sys.platform.startswith("linux") and shutil.which("strip") and shutil.which("readelf")):
        return binaries, 0
    saved = 0
    result: list[Entry] = []
    for dest, src, typecode in binaries:
        real = os.path.realpath(src)
        if (
            typecode in ("BINARY", "EXTENSION")
            and not any(part in real for part in ("PySide6", "shiboken6"))
            and ".debug_info"
            in subprocess.run(
                ["readelf", "-S", "--wide", real], capture_output=True, text=True, check=False
            ).stdout
        ):
            target = out_dir / dest
            if not target.exists() or target.stat().st_mtime < os.path.getmtime(real):
                target.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(["strip", "--strip-debug", "-o", str(target), real], check=True)
            saved += os.path.getsize(real) - target.stat().st_size
            src = str(target)
        result.append((dest, src, typecode))
    return result, saved


def postprocess(
    analysis: Any, workpath: str, *, filter_qt: bool, strip_debug: bool, label: str
) -> dict[str, Any]:
    """Apply the Qt filter and the debug-info strip to a PyInstaller Analysis in place."""
    summary: dict[str, Any] = {"filter_qt": filter_qt, "dropped": {}, "strip_debug_saved_bytes": 0}
    if filter_qt:
        analysis.binaries, dropped = filter_toc(analysis.binaries)
        analysis.datas, dropped_datas = filter_toc(analysis.datas)
        dropped += dropped_datas
        analysis.binaries, dropped = prune_orphans(
            analysis.binaries, dropped, _imports_of_binary, _from_dependency_analysis
        )
        analysis.datas, dropped = drop_dangling_symlinks(analysis.datas, dropped)
        summary["dropped"] = summarize(dropped)
        parts = [
            f"{c} {v['files']} files {v['bytes'] / 1e6:.1f} MB"
            for c, v in summary["dropped"].items()
        ]
        print(f"{label}: Qt filter dropped " + ", ".join(parts))
    if strip_debug:
        analysis.binaries, saved = strip_debug_info(analysis.binaries, Path(workpath) / "stripped")
        summary["strip_debug_saved_bytes"] = saved
        print(f"{label}: stripped debug info, {saved / 1e6:.1f} MB saved")
    Path(workpath).mkdir(parents=True, exist_ok=True)
    return summary


def project_version(root: Path) -> str:
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Turn "0.1.0" into (0, 1, 0, 0) for the Windows version resource."""
    nums = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple((nums + [0, 0, 0, 0])[:4])  # type: ignore[return-value]
