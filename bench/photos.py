"""Photo ingest benchmark: our cost over a bare decode→scale→encode, UI stall, peak memory.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/photos.py [--photos N] [--rounds R]

1. Ingest time of 12-megapixel JPEGs through core.photos.ingest_photo, as a ratio
   to the fastest plain decode → scale → JPEG q85 the installed libraries give,
   measured in the same run on the same files (target ≤ 1.3).
2. The longest gap of a 5 ms QTimer on the UI thread while ui.tasks.TaskRunner
   ingests the set (target ≤ 50 ms).
3. Peak RSS of a fresh process ingesting one 12 MP photo (target < 250 MB).

Timings take the median of interleaved rounds, so a busy machine slows both
sides alike. Prints one line per measurement; exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QSize, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QImage, QImageReader, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.demo import make_demo_item_photo  # noqa: E402
from core.photos import DEFAULT_LONG_EDGE, ingest_photo  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

WIDTH, HEIGHT = 4000, 3000
RATIO_TARGET = 1.3
STALL_TARGET_MS = 50.0
RSS_TARGET_MB = 250.0
TICK_MS = 5


# --- test photos -----------------------------------------------------------------------


def make_photos(folder: Path, count: int) -> list[Path]:
    """12 MP JPEGs that compress like camera photos: a scene, texture and sensor-like noise."""
    scene_path = make_demo_item_photo(folder / "scene.jpg", WIDTH, HEIGHT)
    scene = QImage(str(scene_path))
    scene_path.unlink()
    paths = []
    for i in range(count):
        rng = random.Random(i)
        image = scene.copy()
        p = QPainter(image)
        # Two noise tiles of coprime sizes, so the pattern does not repeat visibly.
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Overlay)
        for size, opacity in ((509, 0.22), (263, 0.15)):
            tile = QImage(
                rng.randbytes(size * size), size, size, size, QImage.Format.Format_Grayscale8
            )
            p.setOpacity(opacity)
            p.fillRect(image.rect(), QBrush(tile.copy()))
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.setOpacity(0.35)
        for _ in range(12):  # light and shadow falling differently on each shot
            p.setBrush(QColor.fromHsv(rng.randrange(360), 60, rng.randrange(80, 255)))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(
                rng.randrange(WIDTH),
                rng.randrange(HEIGHT),
                rng.randrange(200, 1400),
                rng.randrange(200, 1400),
            )
        p.end()
        path = folder / f"IMG_{i:04d}.jpg"
        if not image.save(str(path), "JPEG", 92):  # type: ignore[call-overload]
            raise OSError(f"could not write {path}")
        paths.append(path)
    return paths


# --- 1. ingest vs raw baseline ---------------------------------------------------------


def target_size(width: int, height: int) -> QSize:
    scale = DEFAULT_LONG_EDGE / max(width, height)
    return QSize(round(width * scale), round(height * scale))


def qt_baseline(path: Path) -> bytes:
    """Decode with scaling by Qt's reader, encode JPEG q85 to memory. Nothing else."""
    reader = QImageReader(str(path))
    size = reader.size()
    reader.setScaledSize(target_size(size.width(), size.height()))
    image = reader.read()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 85)  # type: ignore[call-overload]
    return bytes(buffer.data().data())


def pillow_baseline(path: Path) -> bytes:
    """The same with Pillow (draft mode lets libjpeg scale while decoding)."""
    import io

    from PIL import Image

    with Image.open(path) as im:
        size = target_size(*im.size)
        im.draft("RGB", (size.width(), size.height()))
        out = im.convert("RGB").resize((size.width(), size.height()), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def baselines() -> dict[str, Callable[[Path], bytes]]:
    found: dict[str, Callable[[Path], bytes]] = {"Qt QImageReader": qt_baseline}
    try:
        import PIL  # noqa: F401

        found["Pillow"] = pillow_baseline
    except ImportError:
        pass
    return found


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure_ratio(paths: list[Path], rounds: int, work: Path) -> tuple[float, dict[str, float]]:
    """(our median total, {baseline: its median total}) in seconds."""
    kinds = baselines()
    ours: dict[Path, list[float]] = {p: [] for p in paths}
    raw: dict[str, dict[Path, list[float]]] = {k: {p: [] for p in paths} for k in kinds}
    for fn in kinds.values():  # warm the decoders and page cache
        fn(paths[0])
    ingest_photo(paths[0], work / "warm")
    for r in range(rounds):
        photos_dir = work / f"round{r}"  # a fresh store each round: no dedup shortcut
        for path in paths:
            timings = [("ours", lambda p=path, d=photos_dir: ingest_photo(p, d))]
            timings += [(name, lambda p=path, f=fn: f(p)) for name, fn in kinds.items()]
            # Alternate the order so neither side always runs on a warmer cache.
            for name, work_fn in reversed(timings) if r % 2 else timings:
                (ours if name == "ours" else raw[name])[path].append(timed(work_fn))
    our_total = sum(statistics.median(v) for v in ours.values())
    return our_total, {
        name: sum(statistics.median(v) for v in per.values()) for name, per in raw.items()
    }


# --- 2. UI stall -----------------------------------------------------------------------


def measure_stall(app: QApplication, paths: list[Path], work: Path) -> tuple[float, float]:
    """(longest timer gap while idle, longest gap while ingesting) in ms."""
    gaps: list[float] = []
    last = time.perf_counter()

    def tick() -> None:
        nonlocal last
        now = time.perf_counter()
        gaps.append(now - last)
        last = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    def run_loop(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    timer.start()
    run_loop(300)
    idle = max(gaps[1:]) * 1000
    gaps.clear()

    runner = TaskRunner()
    done = QEventLoop()
    runner.idle.connect(done.quit)
    last = time.perf_counter()
    for path in paths:
        runner.submit(ingest_photo, path, work / "stall")
    done.exec()
    timer.stop()
    runner.shutdown()
    app.processEvents()
    return idle, max(gaps) * 1000


# --- 3. peak memory --------------------------------------------------------------------

_RSS_SCRIPT = """
import resource, sys
from pathlib import Path
from core.photos import ingest_photo
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
ingest_photo(Path(sys.argv[1]), Path(sys.argv[2]))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after)
"""
# Linux carries the parent's peak RSS into a child across fork+exec (the old mm's
# high-water mark is kept in ru_maxrss). A small middle process breaks that chain:
# the measuring grandchild inherits only the middle process's few megabytes.
_SPAWN = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def measure_rss(path: Path, work: Path) -> tuple[float, float]:
    """(peak RSS after imports, peak RSS after ingesting one photo) in MB, fresh process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _SPAWN,
            sys.executable,
            "-c",
            _RSS_SCRIPT,
            str(path),
            str(work / "rss"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    before, after = (int(x) for x in done.stdout.split())
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    per_mb = 1024 * 1024 if sys.platform == "darwin" else 1024
    return before / per_mb, after / per_mb


# --- main ------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "target met" if ok else "TARGET MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=6, help="how many 12 MP photos (6)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds per photo (3)")
    args = parser.parse_args()

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    with tempfile.TemporaryDirectory(prefix="returndesk-bench-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        paths = make_photos(work, args.photos)
        sizes = [p.stat().st_size / 1e6 for p in paths]
        print(
            f"set: {len(paths)} JPEGs {WIDTH}x{HEIGHT} ({WIDTH * HEIGHT / 1e6:.0f} MP), "
            f"{min(sizes):.1f}-{max(sizes):.1f} MB each, made in {time.perf_counter() - started:.1f} s"
        )

        ours, raws = measure_ratio(paths, args.rounds, work)
        raw_name, raw = min(raws.items(), key=lambda item: item[1])
        ratio = ours / raw
        others = "".join(
            f", {name} {t / len(paths) * 1000:.0f} ms"
            for name, t in raws.items()
            if name != raw_name
        )
        print(
            f"ingest time ratio: {ratio:.2f} (ingest {ours / len(paths) * 1000:.0f} ms/photo vs "
            f"fastest raw decode+scale+encode {raw_name} {raw / len(paths) * 1000:.0f} ms/photo"
            f"{others}; median of {args.rounds} rounds; target <= {RATIO_TARGET}) "
            f"{verdict(ratio <= RATIO_TARGET)}"
        )

        idle, stall = measure_stall(app, paths, work)
        print(
            f"UI stall: max {stall:.1f} ms between {TICK_MS} ms ticks while TaskRunner ingested "
            f"{len(paths)} photos (idle max {idle:.1f} ms; target <= {STALL_TARGET_MS:.0f} ms) "
            f"{verdict(stall <= STALL_TARGET_MS)}"
        )

        before, peak = measure_rss(paths[0], work)
        print(
            f"peak RSS: {peak:.0f} MB ingesting one 12 MP photo in a fresh process "
            f"({before:.0f} MB after imports; target < {RSS_TARGET_MB:.0f} MB) "
            f"{verdict(peak < RSS_TARGET_MB)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
