"""Start-up benchmark of the frozen app against a bare PySide6 window frozen the same way.

    .venv/bin/python bench/startup.py [--reuse] [--runs 9] [--analyse]

1. Builds (or with --reuse, reuses) dist/ReturnDesk via scripts/build_bundle.sh and
   build/bench/hello/dist/hello: a QApplication + one shown QWidget that quits from
   the first event-loop turn, frozen onedir with the same excludes, Qt filter and
   debug-info strip (packaging/pyinstaller/bundle_rules.py).
2. Seeds a data folder once (--demo), then times N runs of each, interleaved,
   offscreen: `ReturnDesk --data-dir D --quit-after 0` and `hello`. "Cold-ish": a new
   process every time, but the page cache is warm (one untimed warm-up run each).
   Three moments, from the moment the process is launched:
     first window  the window's first paint is done (app: its sign-in screen saying
                   the database is opening; the "started: window shown" log line; hello:
                   "hello: window shown"; both written after the first Paint event has
                   been handled). The target ratio applies to this one: it is what the
                   person at the counter sees.
     ready         app only: store opened, backed up, migrated, staff list in, sign-in
                   enabled ("ready for sign-in").
     exit          the process has ended (app: --quit-after 0 counts from ready).
3. Prints bundle sizes, medians, the ratios app/hello (target <= 1.5), the Qt
   libraries in the bundle with the reason each one is there (imported by the app /
   needed by a kept plugin or library / nothing: flagged), and which Qt libraries and
   plugins are actually loaded during start-up (LD_DEBUG=files, Linux).
4. When the ratio is above target (or with --analyse): what the app's start-up spends
   its time on, from the source tree: `python -X importtime -c "import desktop.app"`
   grouped by top-level package, and a cProfile of one start with the slowest
   project functions.

Results also go to build/bench/startup.json.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
APP_DIST = ROOT / "dist" / "ReturnDesk"
HELLO_DIR = OUT / "hello"
HELLO_DIST = HELLO_DIR / "dist" / "hello"
TARGET_RATIO = 1.5
APP_PACKAGES = ("desktop", "ui", "core", "db")

HELLO_PY = '''\
"""A bare PySide6 window: the floor for a frozen Qt app's start-up."""
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget


def shown():
    print("hello: window shown", file=sys.stderr, flush=True)
    app.quit()


class FirstPaint(QObject):
    """Like the app: a line once the window's first paint is done, then quit."""

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, shown)  # runs after this paint event has been handled
        return False


app = QApplication(sys.argv)
window = QWidget()
QVBoxLayout(window).addWidget(QLabel("hello"))
first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
sys.exit(app.exec())
'''

HELLO_SPEC = """\
import sys
sys.path.insert(0, {rules_dir!r})
import bundle_rules as rules

a = Analysis([{script!r}], excludes=rules.PYTHON_EXCLUDES, noarchive=False, optimize=0)
rules.postprocess(a, workpath, filter_qt=True, strip_debug=True, label="hello.spec")
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="hello", console=True,
          strip=False, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, strip=False, upx=False, name="hello")
"""


def log(msg: str) -> None:
    print(f"bench: {msg}", flush=True)


def qt_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    env.pop("RETURNDESK_DATA_DIR", None)
    env.pop("RETURNDESK_POLICY", None)
    return env


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# ---------------------------------------------------------------- building


def build_app(reuse: bool) -> None:
    if reuse and (APP_DIST / "ReturnDesk").exists():
        log(f"reusing {APP_DIST.relative_to(ROOT)}")
        return
    log("building the app bundle (scripts/build_bundle.sh)")
    subprocess.run(["bash", str(ROOT / "scripts" / "build_bundle.sh")], cwd=ROOT, check=True)


def build_hello(reuse: bool) -> None:
    script = HELLO_DIR / "hello.py"
    same = script.exists() and script.read_text(encoding="utf-8") == HELLO_PY
    if reuse and same and (HELLO_DIST / "hello").exists():
        log(f"reusing {HELLO_DIST.relative_to(ROOT)}")
        return
    log("building the hello bundle (same excludes, Qt filter and strip as build.spec)")
    HELLO_DIR.mkdir(parents=True, exist_ok=True)
    script.write_text(HELLO_PY, encoding="utf-8")
    spec = HELLO_DIR / "hello.spec"
    spec.write_text(
        HELLO_SPEC.format(rules_dir=str(ROOT / "packaging" / "pyinstaller"), script=str(script)),
        encoding="utf-8",
    )
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(ROOT / "build" / "pyinstaller-config"))
    subprocess.run(
        [python(), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(HELLO_DIR / "dist"), "--workpath", str(HELLO_DIR / "work"),
         str(spec)],
        cwd=HELLO_DIR, env=env, check=True,
    )  # fmt: skip


# ---------------------------------------------------------------- measuring


def tree_size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                total += p.stat().st_size
    return total


# The log lines that mark each moment (see the module docstring).
MARKERS = {
    "app": {"shown": "started: window shown", "ready": "ready for sign-in"},
    "hello": {"shown": "hello: window shown"},
}


def timed_run(cmd: list[str], env: dict[str, str], markers: dict[str, str]) -> dict[str, float]:
    """Seconds from launch to each marker line (first occurrence) and to the process's exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen: dict[str, float] = {}
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        for name, marker in markers.items():
            if name not in seen and marker in line:
                seen[name] = time.perf_counter() - start
        tail = [*tail[-40:], line]
    rc = proc.wait(timeout=120)
    seen["exit"] = time.perf_counter() - start
    if rc != 0:
        raise SystemExit(f"bench: {cmd} exited {rc}:\n{''.join(tail)}")
    missing = set(markers) - set(seen)
    if missing:
        raise SystemExit(f"bench: {cmd} never printed {sorted(missing)}:\n{''.join(tail)}")
    return seen


def measure(runs: int, data_dir: Path) -> dict[str, dict[str, list[float]]]:
    env = qt_env()
    cmds = {
        "app": [str(APP_DIST / "ReturnDesk"), "--data-dir", str(data_dir), "--quit-after", "0"],
        "hello": [str(HELLO_DIST / "hello")],
    }
    for key, cmd in cmds.items():  # warm-up: page cache, fontconfig cache
        timed_run(cmd, env, MARKERS[key])
    times: dict[str, dict[str, list[float]]] = {
        k: {m: [] for m in [*MARKERS[k], "exit"]} for k in cmds
    }
    for i in range(runs):
        for key, cmd in cmds.items():  # interleaved: machine load hits both alike
            for moment, seconds in timed_run(cmd, env, MARKERS[key]).items():
                times[key][moment].append(seconds)
        log(f"run {i + 1}/{runs}: app window {times['app']['shown'][-1] * 1000:.0f} ms, "
            f"ready {times['app']['ready'][-1] * 1000:.0f} ms, "
            f"exit {times['app']['exit'][-1] * 1000:.0f} ms; "
            f"hello window {times['hello']['shown'][-1] * 1000:.0f} ms, "
            f"exit {times['hello']['exit'][-1] * 1000:.0f} ms")  # fmt: skip
    return times


def seed(data_dir: Path) -> None:
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    cmd = [str(APP_DIST / "ReturnDesk"), "--demo", "--data-dir", str(data_dir)]
    subprocess.run([*cmd, "--quit-after", "0"], env=qt_env(), capture_output=True, check=True)


# ---------------------------------------------------------------- what is bundled


def qt_modules_imported() -> set[str]:
    """Qt modules the app's code imports anywhere (deferred imports included)."""
    found: set[str] = set()
    for pkg in APP_PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    if node.module.startswith("PySide6.Qt"):
                        found.add(node.module.split(".")[1])
                    elif node.module == "PySide6":
                        found.update(a.name for a in node.names if a.name.startswith("Qt"))
                elif isinstance(node, ast.Import):
                    found.update(
                        a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.Qt")
                    )
    return found


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def qt_library_report(bundle: Path, imported: set[str]) -> list[dict[str, object]]:
    """Each bundled libQt6*: why it is there (who links it) and whether the app needs it."""
    internal = bundle / "_internal"
    qt_dir = internal / "PySide6" / "Qt"
    libs = sorted((qt_dir / "lib").glob("libQt6*.so*"))
    elf_files = [
        p
        for p in internal.rglob("*")
        if p.is_file() and not p.is_symlink() and (".so" in p.name) and "/stripped/" not in str(p)
    ]
    links: dict[str, list[str]] = {}
    for f in elf_files:
        for name in needed(f):
            links.setdefault(name, []).append(str(f.relative_to(internal)))
    # Reachable from what can be loaded: bindings of imported modules, kept plugins,
    # and every non-Qt extension module.
    by_name = {p.name: p for p in elf_files}
    roots = [internal / "PySide6" / f"{m}.abi3.so" for m in imported]
    roots += list((qt_dir / "plugins").rglob("*.so"))
    roots = [r for r in roots if r.exists()]
    reach: dict[str, str] = {}
    todo = [(r, str(r.relative_to(internal))) for r in roots]
    while todo:
        path, origin = todo.pop()
        for name in needed(path):
            if name not in reach:
                reach[name] = origin
                if name in by_name:
                    todo.append((by_name[name], origin))
    report = []
    for lib in libs:
        module = "Qt" + lib.name.removeprefix("libQt6").split(".")[0]
        if module in imported:
            status, why = "imported", f"app imports PySide6.{module}"
        elif lib.name in reach:
            status, why = "dependency", f"reached from {reach[lib.name]}"
        else:
            status, why = "UNUSED", "no kept binding, plugin or library loads it"
        report.append(
            {
                "lib": lib.name,
                "mb": round(lib.stat().st_size / 1e6, 1),
                "status": status,
                "why": why,
                "linked_by": sorted(set(links.get(lib.name, [])))[:4],
            }
        )
    return report


def loaded_at_startup(cmd: list[str]) -> list[str]:
    """Qt libraries and plugins the dynamic loader maps during one start (Linux)."""
    env = qt_env()
    env["LD_DEBUG"] = "files"
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    names = set()
    for line in proc.stderr.splitlines():
        m = re.search(r"file=(\S+)\s+\[0\];\s+(needed|dynamically loaded) by", line)
        if m and ("Qt6" in m.group(1) or "/plugins/" in m.group(1)):
            path = m.group(1).split("/_internal/")[-1]
            # Top-level libQt6*.so.6 are symlinks into PySide6/Qt/lib: one name each.
            names.add(path if "/plugins/" in path else Path(path).name)
    return sorted(names)


# ---------------------------------------------------------------- analysis


def _importtime(statement: str) -> dict[str, float]:
    proc = subprocess.run(
        [python(), "-X", "importtime", "-c", statement],
        cwd=ROOT,
        env=qt_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    by_pkg: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            pkg = m.group(4).split(".")[0]
            by_pkg[pkg] = by_pkg.get(pkg, 0.0) + int(m.group(1)) / 1000
    return by_pkg


def importtime_report(top: int = 15) -> list[tuple[str, float, float]]:
    """Import self time (ms) by top-level package: `import desktop.app` vs hello's imports.

    Best of three runs each (the machine may be busy); returns (package, app ms, hello ms).
    """

    def best(statement: str) -> dict[str, float]:
        runs = [_importtime(statement) for _ in range(3)]
        return min(runs, key=lambda r: sum(r.values()))

    app = best("import desktop.app")
    hello = best("from PySide6 import QtCore, QtGui, QtWidgets")
    rows = [(pkg, ms, hello.get(pkg, 0.0)) for pkg, ms in app.items()]
    return sorted(rows, key=lambda r: -(r[1] - r[2]))[:top]


def profile_start(data_dir: Path, top: int = 20) -> str:
    """cProfile one start from source; the slowest project functions (cumulative)."""
    prof = OUT / "startup.prof"
    argv = ["returndesk", "--data-dir", str(data_dir), "--quit-after", "0"]
    code = (
        f"import cProfile, sys; sys.argv = {argv!r}; from desktop.__main__ import main; "
        f"cProfile.run('main()', {str(prof)!r})"
    )
    subprocess.run([python(), "-c", code], cwd=ROOT, env=qt_env(), capture_output=True, check=True)
    buf = io.StringIO()
    stats = pstats.Stats(str(prof), stream=buf)
    stats.sort_stats("cumulative").print_stats(
        r"(desktop|ui|core|db|alembic|sqlalchemy|qasync)[/\\]", top
    )
    return buf.getvalue()


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reuse", action="store_true", help="reuse existing bundles if present")
    p.add_argument("--runs", type=int, default=9, help="timed runs of each (median)")
    p.add_argument("--analyse", action="store_true", help="import/profile analysis always")
    args = p.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    build_app(args.reuse)
    build_hello(args.reuse)

    data_dir = Path(tempfile.mkdtemp(prefix="returndesk-bench-"))
    try:
        seed(data_dir)
        times = measure(args.runs, data_dir)
        med = {
            key: {m: statistics.median(v) * 1000 for m, v in t.items() if v}
            for key, t in times.items()
        }
        hello_shown = med["hello"]["shown"]
        ratio = med["app"]["shown"] / hello_shown  # the target applies to the first window
        ready_ratio = med["app"]["ready"] / hello_shown
        exit_ratio = med["app"]["exit"] / med["hello"]["exit"]
        sizes = {"app": tree_size(APP_DIST), "hello": tree_size(HELLO_DIST)}
        imported = qt_modules_imported()
        libs = qt_library_report(APP_DIST, imported)
        loaded_app = loaded_at_startup(
            [str(APP_DIST / "ReturnDesk"), "--data-dir", str(data_dir), "--quit-after", "0"]
        )
        loaded_hello = loaded_at_startup([str(HELLO_DIST / "hello")])

        print()
        print(
            f"bundle sizes:  app {sizes['app'] / 1e6:.1f} MB, hello {sizes['hello'] / 1e6:.1f} MB"
        )
        names = {"shown": "first window", "ready": "ready for sign-in", "exit": "exit"}
        print("medians from launch, ms (min-max), n=" + str(args.runs) + ":")
        for key in ("app", "hello"):
            parts = []
            for moment, label in names.items():
                if moment in med[key]:
                    t = [x * 1000 for x in times[key][moment]]
                    parts.append(f"{label} {med[key][moment]:.0f} ({min(t):.0f}-{max(t):.0f})")
            print(f"  {key:5}  " + ", ".join(parts))
        verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
        print(f"ratio app/hello to the first window: {ratio:.2f} "
              f"(target <= {TARGET_RATIO}: {verdict})")  # fmt: skip
        print(f"  (not the target) app ready for sign-in / hello window: {ready_ratio:.2f}; "
              f"to exit: {exit_ratio:.2f}")  # fmt: skip
        print(f"\nQt modules the app imports: {', '.join(sorted(imported))}")
        print("Qt libraries in the bundle:")
        for row in libs:
            print(f"  {row['lib']:38} {row['mb']:5.1f} MB  {row['status']:10} {row['why']}")
        unused = [str(r["lib"]) for r in libs if r["status"] == "UNUSED"]
        print(f"unused Qt libraries: {', '.join(unused) if unused else 'none'}")
        print(f"\nloaded during the app's start-up ({len(loaded_app)}):")
        print("  " + "\n  ".join(loaded_app))
        extra = sorted(set(loaded_app) - set(loaded_hello))
        print(f"loaded by the app but not by hello: {', '.join(extra) or 'none'}")

        result: dict[str, object] = {
            "runs": args.runs,
            "times_s": times,
            "median_ms": {k: {m: round(v) for m, v in d.items()} for k, d in med.items()},
            "ratio": round(ratio, 2),
            "ratio_means": "app first window / hello first window (the target)",
            "ratio_ready": round(ready_ratio, 2),
            "ratio_exit": round(exit_ratio, 2),
            "sizes_bytes": sizes,
            "qt_modules_imported": sorted(imported),
            "qt_libraries": libs,
            "loaded_at_startup": {"app": loaded_app, "hello": loaded_hello},
        }
        if ratio > TARGET_RATIO or args.analyse:
            print("\nwhere the app's start-up goes (source tree, same machine):")
            rows = importtime_report()
            extra_ms = sum(a - h for _p, a, h in rows)
            print("  import self time by top-level package, `import desktop.app` vs hello's"
                  f" `from PySide6 import QtCore, QtGui, QtWidgets` (top {len(rows)},"
                  f" +{extra_ms:.0f} ms over hello):")  # fmt: skip
            print(f"    {'package':24} {'app':>8} {'hello':>8} {'extra':>8}")
            for pkg, a_ms, h_ms in rows:
                print(f"    {pkg:24} {a_ms:6.1f}ms {h_ms:6.1f}ms {a_ms - h_ms:+7.1f}ms")
            profile = profile_start(data_dir)
            print("  cProfile of one start (cumulative, project and heavy libraries):")
            print("    " + "\n    ".join(profile.strip().splitlines()[-30:]))
            result["importtime_ms_by_package"] = rows
        (OUT / "startup.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        log(f"results in {(OUT / 'startup.json').relative_to(ROOT)}")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
