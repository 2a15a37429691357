"""Photo ingest: formats, downscaling, EXIF orientation, dedup, bad input, storage."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QColorSpace, QImage, QImageReader, QLinearGradient, QPainter

from core import photos
from core.errors import PhotoRejected
from core.photos import (
    MAX_SOURCE_BYTES,
    MAX_SOURCE_PIXELS,
    IngestedPhoto,
    ingest_photo,
    photo_path,
    thumb_path,
    verify_photo_file,
)

SECRET = "GPS 51.50074N 0.12460W home of the customer"


# --- helpers -------------------------------------------------------------------------


def gradient_image(width: int, height: int, *, alpha: bool = False) -> QImage:
    # Drawn with QPainter on purpose: per-pixel setters are slow and, in PySide6 6.12
    # on Python 3.11, each void call drops a reference to None until the process aborts.
    image = QImage(
        width, height, QImage.Format.Format_ARGB32 if alpha else QImage.Format.Format_RGB32
    )
    image.fill(Qt.GlobalColor.transparent if alpha else Qt.GlobalColor.white)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, width, height)
    gradient.setColorAt(0, QColor("navy"))
    gradient.setColorAt(1, QColor("orange"))
    painter.fillRect(image.rect(), gradient)
    for x in range(0, width, max(1, width // 40)):
        painter.setPen(QColor((x * 37) % 256, (x * 11) % 256, 90))
        painter.drawLine(x, 0, width - x, height)
    painter.end()
    return image


def strip_image(width: int, height: int) -> QImage:
    """Blue picture with a red strip along the left edge, to see where "left" went."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 5, height, QColor("red"))
    painter.end()
    return image


def encode(image: QImage, fmt: str, quality: int = 90) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt, quality)  # type: ignore[call-overload]  # stubs say bytes
    return bytes(buffer.data().data())


def exif_segment(orientation: int, description: str | None = None) -> bytes:
    """An APP1 Exif segment (big-endian TIFF) with Orientation and optionally a description."""
    count = 1 if description is None else 2
    ifd_end = 8 + 2 + 12 * count + 4
    entries = b""
    extra = b""
    if description is not None:
        extra = description.encode() + b"\x00"
        entries += struct.pack(">HHII", 0x010E, 2, len(extra), ifd_end)  # ImageDescription
    entries += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)  # Orientation
    tiff = b"MM\x00\x2a" + struct.pack(">IH", 8, count) + entries + struct.pack(">I", 0) + extra
    payload = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def comment_segment(text: str) -> bytes:
    payload = text.encode()
    return b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload


def with_segments(jpeg: bytes, *segments: bytes) -> bytes:
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def jpeg_header_markers(data: bytes) -> list[int]:
    """Marker codes of the segments before the first scan."""
    assert data[:2] == b"\xff\xd8"
    markers: list[int] = []
    pos = 2
    while True:
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_header_size(png: bytes, width: int, height: int) -> bytes:
    """``png`` with its IHDR claiming another size (CRC fixed, pixel data unchanged)."""
    assert png[12:16] == b"IHDR"
    body = struct.pack(">II", width, height) + png[24:29]
    return png[:8] + png_chunk(b"IHDR", body) + png[33:]


def files_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def decoded(path: Path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull()
    return image


def is_red(color: QColor) -> bool:
    return color.red() > 180 and color.blue() < 80


def is_blue(color: QColor) -> bool:
    return color.blue() > 180 and color.red() < 80


def rejected(source: Path | bytes, photos_dir: Path) -> str:
    with pytest.raises(PhotoRejected) as info:
        ingest_photo(source, photos_dir)
    assert info.value.field == "photos"
    # Nothing at all: no photo, no thumbnail, no temp file, not even a shard folder.
    assert not photos_dir.exists() or list(photos_dir.rglob("*")) == []
    return info.value.message


@pytest.fixture
def photos_dir(tmp_path: Path) -> Path:
    return tmp_path / "photos"


# --- happy paths ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_imports_each_supported_format(tmp_path: Path, photos_dir: Path, fmt: str) -> None:
    source = tmp_path / f"item.{fmt.lower()}"
    source.write_bytes(encode(gradient_image(640, 480), fmt))

    result = ingest_photo(source, photos_dir)

    stored = result.path.read_bytes()
    assert stored[:3] == b"\xff\xd8\xff"
    assert result.path == photo_path(photos_dir, result.sha256)
    assert result.path == photos_dir / result.sha256[:2] / f"{result.sha256}.jpg"
    assert result.thumb_path == thumb_path(photos_dir, result.sha256)
    assert result.thumb_path == photos_dir / "thumbs" / result.sha256[:2] / f"{result.sha256}.jpg"
    assert (result.width, result.height) == (640, 480)
    assert result.byte_size == len(stored)
    assert result.already_stored is False
    assert verify_photo_file(photos_dir, result.sha256)
    assert decoded(result.path).size().toTuple() == (640, 480)
    assert decoded(result.thumb_path).size().toTuple() == (256, 192)
    assert files_under(photos_dir) == sorted([result.path, result.thumb_path])


def test_bytes_source_gives_the_same_photo_as_the_file(tmp_path: Path, photos_dir: Path) -> None:
    data = encode(gradient_image(300, 200), "PNG")
    source = tmp_path / "item.png"
    source.write_bytes(data)

    from_file = ingest_photo(source, photos_dir)
    from_bytes = ingest_photo(data, photos_dir)

    assert from_bytes.sha256 == from_file.sha256
    assert from_bytes.already_stored is True


def test_format_is_taken_from_content_not_file_name(tmp_path: Path, photos_dir: Path) -> None:
    source = tmp_path / "actually-a-png.jpg"
    source.write_bytes(encode(gradient_image(120, 80), "PNG"))
    assert ingest_photo(source, photos_dir).width == 120


def test_large_photo_is_downscaled_to_long_edge(photos_dir: Path) -> None:
    result = ingest_photo(encode(gradient_image(4000, 3000), "JPEG"), photos_dir)

    assert (result.width, result.height) == (2048, 1536)
    assert decoded(result.path).size().toTuple() == (2048, 1536)
    assert decoded(result.thumb_path).size().toTuple() == (256, 192)


@pytest.mark.parametrize(
    ("size", "long_edge", "expected"),
    [
        ((3000, 4000), 2048, (1536, 2048)),
        ((4001, 3001), 2048, (2048, 1536)),
        ((5000, 10), 2048, (2048, 4)),
        ((1600, 1200), 1000, (1000, 750)),
        ((2048, 1000), 2048, (2048, 1000)),
    ],
)
def test_downscale_keeps_aspect_ratio(
    photos_dir: Path, size: tuple[int, int], long_edge: int, expected: tuple[int, int]
) -> None:
    result = ingest_photo(encode(gradient_image(*size), "PNG"), photos_dir, long_edge=long_edge)
    assert (result.width, result.height) == expected


def test_small_photo_is_not_upscaled(photos_dir: Path) -> None:
    result = ingest_photo(encode(gradient_image(200, 120), "JPEG"), photos_dir)

    assert (result.width, result.height) == (200, 120)
    assert decoded(result.thumb_path).size().toTuple() == (200, 120)


@pytest.mark.parametrize(
    ("orientation", "size", "red_at"),
    [
        # Orientation 6: turn 90° clockwise to view, so the left edge ends up on top.
        (6, (512, 2048), "top"),
        # Orientation 8: turn 90° anticlockwise, the left edge ends up at the bottom.
        (8, (512, 2048), "bottom"),
        (3, (2048, 512), "right"),
        (1, (2048, 512), "left"),
    ],
)
def test_exif_orientation_is_applied_after_downscaling(
    photos_dir: Path, orientation: int, size: tuple[int, int], red_at: str
) -> None:
    # Stored 4000×1000 landscape; the scaled size must be computed in the stored frame
    # or the rotated picture comes out squashed.
    jpeg = with_segments(encode(strip_image(4000, 1000), "JPEG"), exif_segment(orientation))

    result = ingest_photo(jpeg, photos_dir)

    assert (result.width, result.height) == size
    image = decoded(result.path)
    assert image.size().toTuple() == size
    w, h = size
    probes = {
        "top": (w // 2, 20),
        "bottom": (w // 2, h - 20),
        "left": (20, h // 2),
        "right": (w - 20, h // 2),
    }
    opposite = {"top": "bottom", "bottom": "top", "left": "right", "right": "left"}
    assert is_red(image.pixelColor(*probes[red_at]))
    assert is_blue(image.pixelColor(*probes[opposite[red_at]]))
    thumb = decoded(result.thumb_path)
    assert max(thumb.width(), thumb.height()) == 256
    assert (thumb.width() > thumb.height()) == (w > h)


def test_metadata_is_dropped_from_jpeg(photos_dir: Path) -> None:
    jpeg = with_segments(
        encode(gradient_image(400, 300), "JPEG"),
        exif_segment(1, description=SECRET),
        comment_segment(SECRET),
    )
    assert SECRET.encode() in jpeg

    result = ingest_photo(jpeg, photos_dir)

    for path in (result.path, result.thumb_path):
        data = path.read_bytes()
        assert SECRET.encode() not in data
        # Only JFIF (APP0), tables, frame and scan headers: no Exif, ICC or comments.
        assert set(jpeg_header_markers(data)) <= {0xE0, 0xDB, 0xC0, 0xC4, 0xDA}


def test_text_chunks_and_icc_profile_are_dropped_from_png(photos_dir: Path) -> None:
    image = gradient_image(400, 300)
    image.setText("Comment", SECRET)
    image.setColorSpace(QColorSpace(QColorSpace.NamedColorSpace.DisplayP3))
    png = encode(image, "PNG")
    assert QImage.fromData(png).text("Comment") == SECRET  # stored compressed (zTXt)

    result = ingest_photo(png, photos_dir)

    data = result.path.read_bytes()
    assert SECRET.encode() not in data
    assert b"ICC_PROFILE" not in data
    assert decoded(result.path).textKeys() == []
    assert set(jpeg_header_markers(data)) <= {0xE0, 0xDB, 0xC0, 0xC4, 0xDA}


def test_transparent_areas_become_white(photos_dir: Path) -> None:
    image = QImage(100, 100, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)

    result = ingest_photo(encode(image, "PNG"), photos_dir)

    assert decoded(result.path).pixelColor(50, 50).lightness() > 245


def test_jpeg_with_data_after_end_marker_is_accepted(photos_dir: Path) -> None:
    # Motion photos append a video after the JPEG's end marker.
    jpeg = encode(gradient_image(320, 240), "JPEG") + b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 500
    assert ingest_photo(jpeg, photos_dir).width == 320


# --- dedup, verification, storage ----------------------------------------------------


def test_same_photo_twice_is_stored_once(tmp_path: Path, photos_dir: Path) -> None:
    source = tmp_path / "item.jpg"
    source.write_bytes(encode(gradient_image(800, 600), "JPEG"))

    first = ingest_photo(source, photos_dir)
    mtime = first.path.stat().st_mtime_ns
    second = ingest_photo(source, photos_dir)

    assert first.already_stored is False
    assert second.already_stored is True
    assert second.sha256 == first.sha256
    assert second.path == first.path
    assert first.path.stat().st_mtime_ns == mtime
    assert files_under(photos_dir) == sorted([first.path, first.thumb_path])


def test_missing_thumbnail_is_rebuilt(photos_dir: Path) -> None:
    data = encode(gradient_image(800, 600), "JPEG")
    first = ingest_photo(data, photos_dir)
    first.thumb_path.unlink()

    second = ingest_photo(data, photos_dir)

    assert second.already_stored is True
    assert decoded(second.thumb_path).width() == 256


def test_verify_detects_tampering_and_reingest_repairs(photos_dir: Path) -> None:
    data = encode(gradient_image(640, 480), "JPEG")
    result = ingest_photo(data, photos_dir)
    assert verify_photo_file(photos_dir, result.sha256)

    stored = bytearray(result.path.read_bytes())
    stored[len(stored) // 2] ^= 0xFF
    result.path.write_bytes(bytes(stored))
    assert not verify_photo_file(photos_dir, result.sha256)

    again = ingest_photo(data, photos_dir)
    assert again.already_stored is False
    assert verify_photo_file(photos_dir, result.sha256)


def test_verify_missing_or_malformed(photos_dir: Path) -> None:
    assert not verify_photo_file(photos_dir, "0" * 64)
    assert not verify_photo_file(photos_dir, "../../etc/passwd")
    assert not verify_photo_file(photos_dir, "A" * 64)


def test_paths_refuse_anything_but_a_sha256(photos_dir: Path) -> None:
    with pytest.raises(ValueError):
        photo_path(photos_dir, "../" * 10 + "x")
    with pytest.raises(ValueError):
        thumb_path(photos_dir, "abc")


def test_bad_arguments_are_programming_errors(photos_dir: Path) -> None:
    data = encode(gradient_image(10, 10), "PNG")
    with pytest.raises(ValueError):
        ingest_photo(data, photos_dir, long_edge=0)
    with pytest.raises(ValueError):
        ingest_photo(data, photos_dir, quality=101)


def test_write_failure_leaves_no_temp_file(
    photos_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(photos.os, "replace", fail)

    with pytest.raises(OSError, match="No space"):
        ingest_photo(encode(gradient_image(64, 64), "PNG"), photos_dir)
    assert files_under(photos_dir) == []


def test_concurrent_ingest_of_the_same_photo(photos_dir: Path) -> None:
    data = encode(gradient_image(1200, 900), "JPEG")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: ingest_photo(data, photos_dir), range(8)))

    assert len({r.sha256 for r in results}) == 1
    assert files_under(photos_dir) == sorted([results[0].path, results[0].thumb_path])
    assert verify_photo_file(photos_dir, results[0].sha256)


def test_works_without_any_qt_application() -> None:
    # Callers may ingest before (or without) an app object; Qt's image plugins must
    # still load. Run in a fresh interpreter because pytest-qt may already have one.
    script = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice
from PySide6.QtGui import QImage
from core.photos import ingest_photo
assert QCoreApplication.instance() is None
image = QImage(64, 48, QImage.Format.Format_RGB32)
image.fill(0xFF336699)
out = Path(tempfile.mkdtemp())
for fmt in ("JPEG", "PNG", "WEBP"):
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt)
    assert ingest_photo(bytes(buffer.data().data()), out).width == 64
assert QCoreApplication.instance() is None
print("ok")
"""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert done.stderr == ""


# --- bad input -----------------------------------------------------------------------


def test_empty_file(tmp_path: Path, photos_dir: Path) -> None:
    source = tmp_path / "empty.jpg"
    source.write_bytes(b"")
    message = rejected(source, photos_dir)
    assert "empty.jpg" in message
    assert "empty (0 bytes)" in message
    assert "empty (0 bytes)" in rejected(b"", photos_dir)


def test_missing_file(tmp_path: Path, photos_dir: Path) -> None:
    message = rejected(tmp_path / "gone.jpg", photos_dir)
    assert "gone.jpg" in message
    assert "could not be found" in message


def test_folder_instead_of_file(tmp_path: Path, photos_dir: Path) -> None:
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    assert "is a folder, not a picture" in rejected(folder, photos_dir)


@pytest.mark.skipif(
    os.name == "nt" or os.geteuid() == 0, reason="root (or Windows) can read any file"
)
def test_unreadable_file(tmp_path: Path, photos_dir: Path) -> None:
    source = tmp_path / "locked.jpg"
    source.write_bytes(encode(gradient_image(10, 10), "JPEG"))
    source.chmod(0)
    try:
        assert "could not be read" in rejected(source, photos_dir)
    finally:
        source.chmod(0o600)


def test_permission_denied(
    tmp_path: Path, photos_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated, because the suite may run as root (who can read a chmod 0 file).
    source = tmp_path / "locked.jpg"
    source.write_bytes(encode(gradient_image(10, 10), "JPEG"))
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == source:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    message = rejected(source, photos_dir)
    assert "locked.jpg" in message
    assert "could not be read" in message


def test_text_file_named_jpg(tmp_path: Path, photos_dir: Path) -> None:
    source = tmp_path / "receipt.jpg"
    source.write_text("Order 1234, returned: blue kettle\n" * 20)
    message = rejected(source, photos_dir)
    assert "receipt.jpg" in message
    assert "is not a picture" in message
    assert "JPEG, PNG, WebP" in message


GIF_1X1 = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.mark.parametrize(
    ("label", "make"),
    [
        ("BMP", lambda: encode(gradient_image(40, 30), "BMP")),
        ("TIFF", lambda: encode(gradient_image(40, 30), "TIFF")),
        ("GIF", lambda: GIF_1X1),
    ],
)
def test_unsupported_format_names_the_supported_ones(
    tmp_path: Path, photos_dir: Path, label: str, make: Callable[[], bytes]
) -> None:
    source = tmp_path / "scan.jpg"
    source.write_bytes(make())
    message = rejected(source, photos_dir)
    assert f"is a {label} file" in message
    assert "Supported formats: JPEG, PNG, WebP" in message


def test_heic_without_plugin_is_called_heic(photos_dir: Path) -> None:
    if "heic" in photos.accepted_formats():
        pytest.skip("HEIC is decoded here (pillow-heif or a Qt plugin)")
    heic = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    message = rejected(heic, photos_dir)
    assert "is a HEIC file" in message
    assert "JPEG, PNG, WebP" in message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_photo(tmp_path: Path, photos_dir: Path, fmt: str) -> None:
    data = encode(gradient_image(640, 480), fmt)
    source = tmp_path / "cut.jpg"
    source.write_bytes(data[: len(data) * 6 // 10])
    message = rejected(source, photos_dir)
    assert "cut.jpg" in message
    assert "is incomplete" in message


_SMALL_PHOTOS = {fmt: encode(gradient_image(96, 64), fmt) for fmt in ("JPEG", "PNG", "WEBP")}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_cut_of_a_photo_is_rejected_cleanly(tmp_path: Path, data: st.DataObject) -> None:
    fmt = data.draw(st.sampled_from(["JPEG", "PNG", "WEBP"]))
    whole = _SMALL_PHOTOS[fmt]
    cut = data.draw(st.integers(min_value=1, max_value=len(whole) - 1))
    photos_dir = Path(tempfile.mkdtemp(dir=tmp_path)) / "photos"
    assert "is incomplete" in rejected(whole[:cut], photos_dir) or cut < 16


def test_corrupt_png_data(photos_dir: Path) -> None:
    # libpng prints "libpng error: IDAT: CRC error" straight to stderr, not through Qt's
    # logging, so qt_log_level_fail does not see it and no qt_log_ignore is needed.
    png = bytearray(encode(gradient_image(200, 150), "PNG"))
    idat = png.index(b"IDAT")
    png[idat + 20 : idat + 60] = b"\x00" * 40  # breaks the deflate stream and the CRC
    message = rejected(bytes(png), photos_dir)
    assert "is damaged" in message


def test_file_over_size_limit(tmp_path: Path, photos_dir: Path) -> None:
    source = tmp_path / "huge.jpg"
    with source.open("wb") as f:
        f.write(encode(gradient_image(10, 10), "JPEG"))
        f.truncate(MAX_SOURCE_BYTES + 1)  # sparse: no real 60 MB on disk
    message = rejected(source, photos_dir)
    assert "huge.jpg" in message
    assert "too large" in message
    assert "60 MB" in message


def _never_read(*_args: object) -> QImage:
    raise AssertionError("pixel data was decoded")


def test_decompression_bomb_is_refused_from_the_header(
    tmp_path: Path, photos_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real, valid 30000×30000 1-bit PNG: ~110 kB on disk, 112 MB once decoded (which
    # still fits under Qt's own 256 MB allocation limit, so our guard is what stops it).
    width = height = 30_000
    row = b"\x00" * (1 + width // 8)
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row * 1000) for _ in range(height // 1000))
    idat += deflate.flush()
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )
    assert len(bomb) < 200_000 and width * height > MAX_SOURCE_PIXELS
    source = tmp_path / "bomb.png"
    source.write_bytes(bomb)
    monkeypatch.setattr(QImageReader, "read", _never_read)

    message = rejected(source, photos_dir)

    assert "bomb.png" in message
    assert "30000 × 30000 pixels" in message
    assert "120 megapixels" in message


def test_png_too_big_for_full_size_decoding(
    photos_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under MAX_SOURCE_PIXELS, but PNG has no scaled decoding and 90 MP × 4 bytes is over
    # Qt's allocation limit: say so instead of "damaged".
    limit_mb = QImageReader.allocationLimit()
    if limit_mb <= 0 or limit_mb * 1024 * 1024 >= 10_000 * 9_000 * 4:
        pytest.skip("Qt's allocation limit is off or large enough")
    png = png_with_header_size(encode(gradient_image(64, 64), "PNG"), 10_000, 9_000)
    monkeypatch.setattr(QImageReader, "read", _never_read)

    message = rejected(png, photos_dir)

    assert "10000 × 9000 pixels" in message


def test_result_type_is_frozen(photos_dir: Path) -> None:
    result = ingest_photo(encode(gradient_image(20, 20), "PNG"), photos_dir)
    assert isinstance(result, IngestedPhoto)
    with pytest.raises(AttributeError):
        result.width = 1  # type: ignore[misc]


# --- HEIC through pillow-heif ----------------------------------------------------------


def heic(image: QImage, *, orientation: int = 1, secret: str | None = None) -> bytes:
    """``image`` as a HEIC file (made with pillow-heif), optionally with EXIF and XMP."""
    pillow_heif = pytest.importorskip("pillow_heif")
    from io import BytesIO

    from PIL import Image

    picture = Image.open(BytesIO(encode(image, "PNG"))).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    if secret is not None:
        exif[0x010E] = secret
    extra = {} if secret is None else {"xmp": f"<x:xmpmeta><d>{secret}</d></x:xmpmeta>".encode()}
    out = BytesIO()
    pillow_heif.from_pillow(picture).save(out, quality=90, exif=exif.tobytes(), **extra)
    return out.getvalue()


@pytest.fixture
def heic_decoder() -> None:
    pytest.importorskip("pillow_heif")
    assert "heic" in photos.accepted_formats()


def test_heic_is_rotated_once_downscaled_and_stripped(photos_dir: Path, heic_decoder: None) -> None:
    # Orientation 6 goes into the HEIF container (irot), which libheif applies; the
    # EXIF tag that stays behind must not turn the picture a second time.
    data = heic(strip_image(2400, 600), orientation=6, secret=SECRET)
    assert data[4:12] == b"ftypheic" and SECRET.encode() in data

    result = ingest_photo(data, photos_dir)

    assert (result.width, result.height) == (512, 2048)
    image = decoded(result.path)
    assert is_red(image.pixelColor(256, 20))  # the left edge is now on top
    assert is_blue(image.pixelColor(256, 2028))
    for path in (result.path, result.thumb_path):
        stored = path.read_bytes()
        assert stored[:3] == b"\xff\xd8\xff"
        assert SECRET.encode() not in stored
        assert set(jpeg_header_markers(stored)) <= {0xE0, 0xDB, 0xC0, 0xC4, 0xDA}
    assert decoded(result.thumb_path).size().toTuple() == (64, 256)


def test_heic_file_by_path_and_small_heic_not_upscaled(
    tmp_path: Path, photos_dir: Path, heic_decoder: None
) -> None:
    source = tmp_path / "IMG_0042.HEIC"
    source.write_bytes(heic(gradient_image(320, 240)))

    result = ingest_photo(source, photos_dir)

    assert (result.width, result.height) == (320, 240)
    assert verify_photo_file(photos_dir, result.sha256)


def test_heic_display_p3_profile_is_baked_into_srgb(photos_dir: Path, heic_decoder: None) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    from io import BytesIO

    from PIL import Image

    colour = (40, 170, 60)
    picture = Image.new("RGB", (64, 64), colour)
    p3 = QColorSpace(QColorSpace.NamedColorSpace.DisplayP3).iccProfile()
    out = BytesIO()
    pillow_heif.from_pillow(picture).save(out, quality=100, icc_profile=bytes(p3.data()))

    result = ingest_photo(out.getvalue(), photos_dir)

    expected = QImage(1, 1, QImage.Format.Format_RGB32)
    expected.fill(QColor(*colour))
    expected.setColorSpace(QColorSpace(QColorSpace.NamedColorSpace.DisplayP3))
    want = expected.convertedToColorSpace(QColorSpace(QColorSpace.NamedColorSpace.SRgb))
    got = decoded(result.path).pixelColor(32, 32)
    assert abs(got.green() - want.pixelColor(0, 0).green()) <= 6
    assert abs(got.red() - want.pixelColor(0, 0).red()) <= 6
    assert (got.red(), got.green()) != colour[:2]  # the profile did something


def test_heic_pixel_limit_is_checked_before_decoding(
    photos_dir: Path, heic_decoder: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = heic(gradient_image(400, 300))
    monkeypatch.setattr(photos, "MAX_SOURCE_PIXELS", 100_000)
    monkeypatch.setattr(photos, "_heif_to_qimage", _never_read)

    message = rejected(data, photos_dir)

    assert "400 × 300 pixels" in message


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_truncated_heic_is_incomplete(photos_dir: Path, heic_decoder: None, keep: float) -> None:
    data = heic(gradient_image(320, 240))
    assert "is incomplete" in rejected(data[: int(len(data) * keep)], photos_dir)


def test_heic_with_garbage_instead_of_boxes_is_damaged(
    photos_dir: Path, heic_decoder: None
) -> None:
    data = heic(gradient_image(64, 64))
    ftyp = int.from_bytes(data[:4], "big")
    broken = (
        data[:ftyp]
        + struct.pack(">I", len(data) - ftyp)
        + b"meta"
        + b"\x00" * (len(data) - ftyp - 8)
    )
    assert "is damaged" in rejected(broken, photos_dir)


def test_heic_without_pillow_heif_is_refused_by_name(
    photos_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "_heif_available", lambda: False)
    photos.accepted_formats.cache_clear()
    try:
        if "heic" in photos.accepted_formats():
            pytest.skip("this Qt reads HEIC itself")
        data = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 200
        message = rejected(data, photos_dir)
        assert "is a HEIC file" in message
        assert "Supported formats: JPEG, PNG, WebP." in message
    finally:
        photos.accepted_formats.cache_clear()


def test_avif_is_not_mistaken_for_heic(photos_dir: Path) -> None:
    # Major brand mif1 says "HEIF still"; the compatible brands say AV1, not HEVC.
    avif = struct.pack(">I", 28) + b"ftypmif1" + b"\x00\x00\x00\x00mif1avifmiaf" + b"\x00" * 64
    if "avif" in photos.accepted_formats():
        pytest.skip("this Qt reads AVIF")
    assert "AVIF" in rejected(avif, photos_dir)
