"""Packaging: fast checks on build.spec, the filter rules and the installer recipes.

No PyInstaller run here (minutes). The real build and smoke test are
`bash scripts/build_bundle.sh && bash scripts/smoke_bundle.sh` (docs/packaging.md).
"""

from __future__ import annotations

import ast
import fnmatch
import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
ISS = ROOT / "packaging" / "windows" / "returndesk.iss"
DEB = ROOT / "packaging" / "linux" / "build_deb.sh"
DESKTOP_FILE = ROOT / "packaging" / "linux" / "returndesk.desktop"
SCRIPTS = [
    ROOT / "scripts" / "build_bundle.sh",
    ROOT / "scripts" / "smoke_bundle.sh",
    DEB,
]
APP_PACKAGES = ("desktop", "ui", "core", "db")


def _load_rules() -> ModuleType:
    path = ROOT / "packaging" / "pyinstaller" / "bundle_rules.py"
    spec = importlib.util.spec_from_file_location("bundle_rules", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bundle_rules", module)
    spec.loader.exec_module(module)
    return module


rules = _load_rules()


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _app_data() -> list[tuple[str, str]]:
    for node in _spec_tree().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "APP_DATA" for t in node.targets
        ):
            return [tuple(x) for x in ast.literal_eval(node.value)]  # type: ignore[misc]
    raise AssertionError("build.spec has no APP_DATA list")


def _bundle_dest(rel: str) -> str | None:
    """Where build.spec puts a project file in the bundle (None: not bundled)."""
    for pattern, dest in _app_data():
        if fnmatch.fnmatchcase(rel, pattern):
            return dest
    return None


# ---------------------------------------------------------------- build.spec


def test_spec_parses_as_python() -> None:
    _spec_tree()


def _runtime_files() -> list[str]:
    """What the app reads at run time from the source tree: resources/ (compiled
    translations, not their .ts sources) and the Alembic migrations."""
    files = []
    for path in sorted((ROOT / "resources").rglob("*")):
        if path.is_file() and path.suffix not in (".ts", ".qm"):
            files.append(path)
    files += [ts.with_suffix(".qm") for ts in sorted((ROOT / "resources" / "i18n").glob("*.ts"))]
    for path in sorted((ROOT / "db" / "migrations").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files.append(path)
    return [p.relative_to(ROOT).as_posix() for p in files]


def test_runtime_files_exist_where_the_spec_expects_them() -> None:
    must = ["resources/policy.toml", "db/migrations/env.py", "db/migrations/script.py.mako"]
    files = _runtime_files()
    assert set(must) <= set(files)
    assert any(f.startswith("db/migrations/versions/") and f.endswith(".py") for f in files)
    assert any(f.startswith("resources/i18n/") and f.endswith(".qm") for f in files)


@pytest.mark.parametrize("rel", _runtime_files())
def test_spec_bundles_every_runtime_file_at_its_source_path(rel: str) -> None:
    # core/paths.py looks under sys._MEIPASS/resources; db/migrate.py looks next to
    # its own module (sys._MEIPASS/db/migrations): the bundle mirrors the source tree.
    dest = _bundle_dest(rel)
    assert dest is not None, f"build.spec APP_DATA does not bundle {rel}"
    assert dest == Path(rel).parent.as_posix(), f"{rel} would land in {dest}/"


def test_spec_builds_two_executables_from_the_app_entry_point() -> None:
    source = SPEC.read_text(encoding="utf-8")
    calls = {
        node.func.id: node
        for node in ast.walk(_spec_tree())
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= set(calls)
    exes = [
        node
        for node in ast.walk(_spec_tree())
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "EXE"
    ]
    kinds = {}
    for exe in exes:
        kw = {k.arg: k.value for k in exe.keywords}
        name = ast.unparse(kw["name"])
        kinds[name] = ast.literal_eval(kw["console"])
        assert "exclude_binaries" in source  # onedir: binaries go to COLLECT
    assert kinds == {"rules.GUI_EXE": False, "rules.CLI_EXE": True}
    assert 'ENTRY = "desktop/__main__.py"' in source
    assert (ROOT / "desktop" / "__main__.py").exists()
    assert "strip=True" not in source  # breaks the bundled FFmpeg libraries


def test_spec_bundles_package_metadata() -> None:
    # core/counter.py asks importlib.metadata for the app version (sync client).
    source = SPEC.read_text(encoding="utf-8")
    assert 'f"returndesk-{VERSION}.dist-info' in source


def test_spec_version_comes_from_pyproject() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert rules.project_version(ROOT) == pyproject["project"]["version"]
    assert rules.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert rules.version_tuple("1.2.3rc4") == (1, 2, 3, 4)


def _app_top_level_imports() -> set[str]:
    names = set()
    for pkg in APP_PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module)
                    if node.module == "PySide6":
                        names.update(f"PySide6.{a.name}" for a in node.names)
    return names


def test_excludes_never_remove_what_the_app_imports() -> None:
    imported = _app_top_level_imports()
    clash = sorted(
        name
        for name in imported
        for excluded in rules.PYTHON_EXCLUDES
        if name == excluded or name.startswith(excluded + ".")
    )
    assert clash == [], f"build.spec excludes modules the app imports: {clash}"


def test_filter_keeps_every_qt_module_the_app_imports() -> None:
    """Deferred imports too (QtMultimedia on the photo page, QtCharts on the dashboard)."""
    qt = sorted(n.split(".")[1] for n in _app_top_level_imports() if n.startswith("PySide6.Qt"))
    assert "QtCharts" in qt and "QtMultimedia" in qt and "QtPrintSupport" in qt
    for module in qt:
        for dest in (f"PySide6/{module}.abi3.so", f"PySide6/Qt/lib/libQt6{module[2:]}.so.6"):
            assert rules.drop_reason(dest) is None, dest
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'hiddenimports.add("PySide6.QtCharts")' in spec


# ---------------------------------------------------------------- Qt filter rules


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/translations/qtbase_zh_CN.qm",  # core/i18n.py loads it
        "PySide6/Qt/translations/qtbase_en.qm",
        "PySide6/Qt/translations/qtmultimedia_zh_CN.qm",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",  # smoke test, screenshots
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",  # Pinyin
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/lib/libQt6Quick.so.6",  # the FFmpeg plugin links Quick and Qml
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
        "PySide6/QtCharts.abi3.so",  # the review dashboard (ui/review_dashboard.py)
        "PySide6/Qt/lib/libQt6Charts.so.6",
        "PySide6/Qt/lib/libQt6OpenGLWidgets.so.6",  # libQt6Charts links both
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/lib/libQt6PrintSupport.so.6",  # receipts
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",  # printers by name
        "PySide6/Qt/lib/libavcodec.so.61",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6\\Qt\\plugins\\platforms\\qwindows.dll",
        "resources/i18n/returndesk_zh_CN.qm",
        "db/migrations/versions/0001_baseline.py",
    ],
)
def test_filter_keeps(dest: str) -> None:
    assert rules.drop_reason(dest) is None


@pytest.mark.parametrize(
    ("dest", "category"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", "qt-translations"),
        ("PySide6/Qt/translations/qt_help_zh_TW.qm", "qt-translations"),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", "wayland"),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "wayland"),
        ("libQt6WaylandClient.so.6", "wayland"),
        ("PySide6/Qt/lib/libQt6WlShellIntegration.so.6", "wayland"),
        (
            "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
            "virtualkeyboard",
        ),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", "pdf"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "pdf"),
        ("PySide6\\Qt6Pdf.dll", "pdf"),
        ("PySide6/Qt/plugins/qmltooling/libqmldbg_debugger.so", "qml-tooling"),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "embedded-platforms"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "gtk3-theme"),
        ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", "webengine"),
        ("PySide6/Qt/lib/libQt6MultimediaWidgets.so.6", "unused-modules"),
        ("PySide6/QtMultimediaWidgets.abi3.so", "unused-modules"),
        ("PySide6/Qt/lib/libQt6ChartsQml.so.6", "unused-modules"),
    ],
)
def test_filter_drops(dest: str, category: str) -> None:
    assert rules.drop_reason(dest) == category


def test_prune_orphans_drops_only_libraries_nothing_kept_needs() -> None:
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/w/libqxcb.so", "BINARY"),
        ("libxcb-cursor.so.0", "/lib/libxcb-cursor.so.0", "BINARY"),
        ("libcairo.so.2", "/lib/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/lib/libpixman-1.so.0", "BINARY"),
        ("libglib-2.0.so.0", "/lib/libglib-2.0.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
    ]
    gtk = ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/w/libqgtk3.so", "BINARY")
    graph = {
        "/w/libqxcb.so": ["libxcb-cursor.so.0", "libglib-2.0.so.0"],
        "/w/libqgtk3.so": ["libcairo.so.2", "libglib-2.0.so.0", "libgtk-3.so.0"],
        "/lib/libcairo.so.2": ["libpixman-1.so.0"],
    }
    kept, dropped = rules.prune_orphans(
        binaries,
        [("gtk3-theme", gtk)],
        lambda src: graph.get(src, []),
        lambda e: e[1].startswith("/lib/"),
    )
    assert [e[0] for e in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libxcb-cursor.so.0",
        "libglib-2.0.so.0",  # the xcb plugin still needs it
        "libpython3.11.so.1.0",  # not a dependency-analysis candidate
    ]
    assert sorted(e[0] for c, e in dropped if c == "orphaned-dependencies") == [
        "libcairo.so.2",
        "libpixman-1.so.0",
    ]


def test_dangling_symlinks_follow_their_target() -> None:
    datas = [
        ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
    ]
    dropped = [("pdf", ("PySide6/Qt/lib/libQt6Pdf.so.6", "/x/libQt6Pdf.so.6", "BINARY"))]
    kept, dropped = rules.drop_dangling_symlinks(datas, dropped)
    assert kept == [datas[1]]
    assert dropped[-1] == ("dangling-symlinks", datas[0])


# ---------------------------------------------------------------- installers


def test_inno_setup_script_installs_the_spec_executables_and_takes_store_and_server() -> None:
    iss = ISS.read_text(encoding="utf-8")
    assert f'#define GuiExe "{rules.GUI_EXE}.exe"' in iss
    assert f'#define CliExe "{rules.CLI_EXE}.exe"' in iss
    assert f'#define BundleDir "..\\..\\dist\\{rules.BUNDLE_DIR}"' in iss
    for needle in ("{param:", "'STORE'", "'SERVER'", "{commonappdata}", "SetIniString"):
        assert needle in iss, needle
    assert "/VERYSILENT" in iss and "/SUPPRESSMSGBOXES" in iss  # documented usage
    assert "PrivilegesRequired=admin" in iss


def test_deb_recipe_installs_the_spec_executables() -> None:
    deb = DEB.read_text(encoding="utf-8")
    for exe in (rules.GUI_EXE, rules.CLI_EXE):
        assert f"/opt/returndesk/{exe}" in deb, exe
    assert f"dist/{rules.BUNDLE_DIR}" in deb
    for dep in ("libegl1", "libgl1", "fontconfig", "fonts-noto-cjk", "tzdata"):
        assert dep in deb, dep
    assert "dpkg-deb" in deb and "tar " in deb
    desktop = DESKTOP_FILE.read_text(encoding="utf-8")
    assert f"Exec=/opt/returndesk/{rules.GUI_EXE}" in desktop
    assert (ROOT / "packaging" / "linux" / "returndesk.svg").exists()


def test_smoke_script_runs_both_executables() -> None:
    smoke = (ROOT / "scripts" / "smoke_bundle.sh").read_text(encoding="utf-8")
    assert f"/{rules.GUI_EXE}" in smoke and f"/{rules.CLI_EXE}" in smoke
    needles = ("--demo", "--quit-after 2", "verify-audit", "--screenshots", " enrol ", " sync ",
               " self-check ")  # fmt: skip
    for needle in needles:
        assert needle in smoke, needle


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse(script: Path) -> None:
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_packaging_doc_names_the_commands() -> None:
    doc = (ROOT / "docs" / "packaging.md").read_text(encoding="utf-8")
    for needle in (
        "scripts/build_bundle.sh",
        "scripts/smoke_bundle.sh",
        "bench/startup.py",
        "packaging/linux/build_deb.sh",
        "/VERYSILENT",
        "/STORE=",
        "/SERVER=",
    ):
        assert needle in doc, needle
