"""Photo-of-the-item ingest: validate, downscale, strip metadata, store content-addressed."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import io
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt
from PySide6.QtGui import (
    QColorSpace,
    QImage,
    QImageIOHandler,
    QImageReader,
    QPainter,
)

from core.errors import PhotoRejected

log = logging.getLogger(__name__)

DEFAULT_LONG_EDGE: int = 2048
MAX_SOURCE_BYTES: int = 60 * 1024 * 1024
MAX_SOURCE_PIXELS: int = 120_000_000
THUMB_LONG_EDGE: int = 256
THUMB_QUALITY: int = 80

_FIELD = "photos"
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
# Any 0xFF not followed by a stuffed zero or a restart marker ends entropy-coded data.
_JPEG_ENTROPY_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# ISO-BMFF brands of still-image containers Qt may lack a plugin for.
_HEVC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"}
_HEIF_BRANDS = _HEVC_BRANDS | {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_DISPLAY_NAMES = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "heic": "HEIC", "heif": "HEIF"}


@dataclass(frozen=True)
class IngestedPhoto:
    sha256: str
    path: Path
    thumb_path: Path
    width: int
    height: int
    byte_size: int
    already_stored: bool


def photo_path(photos_dir: Path, sha256: str) -> Path:
    _check_sha(sha256)
    return photos_dir / sha256[:2] / f"{sha256}.jpg"


def thumb_path(photos_dir: Path, sha256: str) -> Path:
    _check_sha(sha256)
    return photos_dir / "thumbs" / sha256[:2] / f"{sha256}.jpg"


def verify_photo_file(photos_dir: Path, sha256: str) -> bool:
    """True when the stored photo exists and its bytes still hash to ``sha256``."""
    if not _SHA256_RE.fullmatch(sha256):
        return False
    try:
        return _file_sha256(photo_path(photos_dir, sha256)) == sha256
    except OSError:
        return False


def photo_file_matches(path: Path, sha256: str) -> bool:
    """True when the file at ``path`` exists and hashes to ``sha256`` (any location)."""
    try:
        return _file_sha256(Path(path)) == sha256
    except OSError:
        return False


def ingest_photo(
    source: Path | bytes,
    photos_dir: Path,
    *,
    long_edge: int = DEFAULT_LONG_EDGE,
    quality: int = 85,
) -> IngestedPhoto:
    """Validate ``source``, re-encode it as a metadata-free JPEG and store it with a thumbnail.

    Synchronous and thread-safe (only QImage/QImageReader, never QPixmap), so
    callers run it on a worker thread. Raises PhotoRejected for unusable input; nothing
    is written under ``photos_dir`` in that case.
    """
    if long_edge < 1:
        raise ValueError(f"long_edge must be positive, got {long_edge}")
    if not 0 <= quality <= 100:
        raise ValueError(f"quality must be 0..100, got {quality}")

    if isinstance(source, bytes | bytearray | memoryview):
        name = QCoreApplication.translate("photos", "The photo")
        data = bytes(source)
        _check_byte_size(name, len(data))
    else:
        source = Path(source)
        name = f"“{source.name}”"
        data = _read_source_file(source, name)

    image = _decode(data, name, long_edge)
    image = _clean_copy(image)
    jpeg = _encode_jpeg(image, quality)
    sha = hashlib.sha256(jpeg).hexdigest()

    final = photo_path(photos_dir, sha)
    thumb = thumb_path(photos_dir, sha)
    already_stored = verify_photo_file(photos_dir, sha)
    if not already_stored:
        _atomic_write(final, jpeg)
    # The thumbnail is derived data: rebuild it if it went missing, never trust a stub.
    if not _nonempty_file(thumb):
        _atomic_write(thumb, _encode_jpeg(_thumbnail(image), THUMB_QUALITY))

    return IngestedPhoto(
        sha256=sha,
        path=final,
        thumb_path=thumb,
        width=image.width(),
        height=image.height(),
        byte_size=len(jpeg),
        already_stored=already_stored,
    )


@functools.cache
def accepted_formats() -> dict[str, str]:
    """Format name -> display name of the formats we take.

    HEIC comes from Qt's own plugin when it has one, otherwise from pillow-heif
    when that is installed; without either it is refused by name.
    """
    available = {bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()}
    if _heif_available():
        available.add("heic")
    return {fmt: label for fmt, label in _DISPLAY_NAMES.items() if fmt in available}


def _heif_available() -> bool:
    # Imported here (once: accepted_formats is cached) rather than at module load, so
    # start-up never pays for Pillow; a broken install counts as "not installed".
    if importlib.util.find_spec("pillow_heif") is None:
        return False
    try:
        import pillow_heif  # noqa: F401
    except ImportError as exc:
        log.warning("pillow-heif is installed but cannot be loaded: %s", exc)
        return False
    return True


def _supported_list() -> str:
    labels: list[str] = []
    for label in accepted_formats().values():
        if label not in labels:
            labels.append(label)
    return ", ".join(labels)


def _check_sha(sha256: str) -> None:
    # The sha becomes a path component, so anything else could escape photos_dir.
    if not _SHA256_RE.fullmatch(sha256):
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")


def _check_byte_size(name: str, size: int) -> None:
    if size == 0:
        raise PhotoRejected(
            QCoreApplication.translate(
                "photos", "{name} is empty (0 bytes). Copy the photo again from the camera."
            ).format(name=name),
            field=_FIELD,
        )
    if size > MAX_SOURCE_BYTES:
        raise PhotoRejected(
            QCoreApplication.translate(
                "photos", "{name} is too large ({size} MB). A photo can be at most {limit} MB."
            ).format(
                name=name,
                size=f"{size / (1024 * 1024):.1f}",
                limit=MAX_SOURCE_BYTES // (1024 * 1024),
            ),
            field=_FIELD,
        )


def _read_source_file(path: Path, name: str) -> bytes:
    # Read into memory ourselves rather than handing Qt the path: the bounded read
    # keeps the size limit honest even if the file grows after the check, and Python's
    # OSError tells "missing" from "folder" from "no permission" better than Qt does.
    try:
        if path.is_dir():
            raise PhotoRejected(
                QCoreApplication.translate("photos", "{name} is a folder, not a picture.").format(
                    name=name
                ),
                field=_FIELD,
            )
        _check_byte_size(name, path.stat().st_size)
        with path.open("rb") as f:
            data = f.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise PhotoRejected(
            QCoreApplication.translate(
                "photos", "{name} could not be found. It may have been moved or deleted."
            ).format(name=name),
            field=_FIELD,
        ) from None
    except OSError as exc:
        log.info("cannot read photo %s: %s", path, exc)
        raise PhotoRejected(
            QCoreApplication.translate(
                "photos",
                "{name} could not be read. Check that it is not open in another program "
                "and that you are allowed to open it.",
            ).format(name=name),
            field=_FIELD,
        ) from None
    _check_byte_size(name, len(data))
    return data


def _decode(data: bytes, name: str, long_edge: int) -> QImage:
    # A buffer has no file name, so Qt decides the format from the bytes alone: a PNG
    # called .jpg is fine, a text file called .jpg is not. The array and buffer must
    # outlive the reader, hence the locals.
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    fmt = bytes(reader.format().data()).decode("ascii", "replace").lower()
    fmt = {"jpg": "jpeg", "jfif": "jpeg", "tif": "tiff"}.get(fmt, fmt)
    if not fmt and _sniff_container(data) == "HEIC" and "heic" in accepted_formats():
        # Qt has no HEIC plugin here (the usual case): pillow-heif decodes it.
        return _decode_heif(data, name, long_edge)
    _check_format(fmt, data, name)

    # Before reader.size(): Qt already logs warnings when even the header is cut short.
    if not _is_complete(fmt, data):
        raise _incomplete(name)

    # size() parses the header only, so the bomb check costs no pixel memory.
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        raise _damaged(name)
    width, height = size.width(), size.height()
    if width * height > MAX_SOURCE_PIXELS:
        raise _too_many_pixels(name, width, height, MAX_SOURCE_PIXELS)

    # reader.size() and setScaledSize() are both in the stored orientation; the EXIF
    # rotation is applied after scaling. Scaling proportionally in that frame keeps the
    # long edge right whichever way the picture is turned.
    target = size
    if max(width, height) > long_edge:
        scale = long_edge / max(width, height)
        target = QSize(max(1, round(width * scale)), max(1, round(height * scale)))
        reader.setScaledSize(target)

    # Handlers without scaled decoding (PNG, WebP) decode at full size first, and Qt
    # refuses allocations above its process-wide limit with a bare "unable to read".
    # Predict that here so staff get a reason rather than "damaged".
    decoded = target if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize) else size
    limit_mb = QImageReader.allocationLimit()
    if limit_mb > 0:
        bits = QImage.toPixelFormat(reader.imageFormat()).bitsPerPixel() or 32
        row_bytes = (decoded.width() * bits + 31) // 32 * 4
        if row_bytes * decoded.height() > limit_mb * 1024 * 1024:
            max_pixels = limit_mb * 1024 * 1024 * 8 // bits
            raise _too_many_pixels(name, width, height, max_pixels)

    image = reader.read()
    if image.isNull():
        log.info("photo decode failed (%s): %s", fmt, reader.errorString())
        raise _damaged(name)
    return image


def _check_format(fmt: str, data: bytes, name: str) -> None:
    if fmt in accepted_formats():
        return
    label = _DISPLAY_NAMES.get(fmt, fmt.upper()) if fmt else _sniff_container(data)
    if not label:
        raise PhotoRejected(
            QCoreApplication.translate(
                "photos",
                "{name} is not a picture. Choose a photo in one of these formats: {formats}.",
            ).format(name=name, formats=_supported_list()),
            field=_FIELD,
        )
    raise PhotoRejected(
        QCoreApplication.translate(
            "photos",
            "{name} is a {format} file, which cannot be used here. Supported formats: {formats}.",
        ).format(name=name, format=label, formats=_supported_list()),
        field=_FIELD,
    )


def _sniff_container(data: bytes) -> str:
    # iPhones save HEIC by default; without a decoder it looks like "not a picture",
    # which would send staff hunting for the wrong problem.
    if data[4:8] != b"ftyp":
        return ""
    major = data[8:12]
    box_end = min(len(data), max(16, int.from_bytes(data[0:4], "big")))
    brands = {major} | {data[i : i + 4] for i in range(16, box_end - 3, 4)}
    # "mif1" alone says "some HEIF still"; the compatible brands tell HEVC from AV1.
    if major in _AVIF_BRANDS or (brands & _AVIF_BRANDS and not brands & _HEVC_BRANDS):
        return "AVIF"
    if brands & _HEIF_BRANDS:
        return "HEIC"
    return ""


def _decode_heif(data: bytes, name: str, long_edge: int) -> QImage:
    """Decode HEIC through pillow-heif with the same limits as the Qt path.

    libheif applies the container's rotation and mirroring (irot/imir) itself, which
    is what HEIF readers must honour; the EXIF orientation tag is ignored so the
    picture is not turned twice. Nothing of the source's metadata reaches the QImage.
    """
    if not _bmff_is_complete(data):
        raise _incomplete(name)
    import pillow_heif  # deferred: only HEIC needs it, and it pulls in Pillow

    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        width, height = heif.size
    except (ValueError, RuntimeError, OSError, EOFError) as exc:
        log.info("HEIC header unreadable: %s", exc)
        raise _damaged(name) from None
    if width < 1 or height < 1:
        raise _damaged(name)
    if width * height > MAX_SOURCE_PIXELS:
        raise _too_many_pixels(name, width, height, MAX_SOURCE_PIXELS)
    # libheif has no scaled decoding: the whole picture is decoded at 4 bytes a pixel,
    # so hold it to Qt's allocation limit as the PNG/WebP path is.
    limit_mb = QImageReader.allocationLimit()
    if limit_mb > 0 and width * height * 4 > limit_mb * 1024 * 1024:
        raise _too_many_pixels(name, width, height, limit_mb * 1024 * 1024 // 4)

    try:
        image = _heif_to_qimage(heif)
    except (ValueError, RuntimeError, OSError, EOFError) as exc:
        log.info("HEIC decode failed: %s", exc)
        raise _damaged(name) from None
    if image.isNull():
        raise _damaged(name)
    if max(width, height) > long_edge:
        scale = long_edge / max(width, height)
        image = image.scaled(
            max(1, round(width * scale)),
            max(1, round(height * scale)),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    space = _heif_color_space(heif.info)
    if space is not None:
        image.setColorSpace(space)
    return image


def _heif_to_qimage(heif: object) -> QImage:
    mode = heif.mode  # type: ignore[attr-defined]
    formats = {
        "RGB": QImage.Format.Format_RGB888,
        "RGBA": QImage.Format.Format_RGBA8888,
        "L": QImage.Format.Format_Grayscale8,
    }
    width, height = heif.size  # type: ignore[attr-defined]
    if mode in formats:
        buffer = heif.data  # type: ignore[attr-defined]  # decodes here
        stride = heif.stride  # type: ignore[attr-defined]
        # copy(): the QImage must own its pixels, not borrow libheif's buffer.
        return QImage(buffer, width, height, stride, formats[mode]).copy()
    picture = heif.to_pillow()  # type: ignore[attr-defined]
    picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    fmt = formats[picture.mode]
    raw = picture.tobytes()
    return QImage(raw, width, height, len(raw) // height, fmt).copy()


def _heif_color_space(info: dict[str, object]) -> QColorSpace | None:
    # iPhones shoot Display P3, as an ICC profile or as nclx colour primaries (12).
    icc = info.get("icc_profile")
    if isinstance(icc, bytes | bytearray) and icc:
        space = QColorSpace.fromIccProfile(QByteArray(bytes(icc)))
        if space.isValid():
            return space
    nclx = info.get("nclx_profile")
    if isinstance(nclx, dict) and nclx.get("color_primaries") == 12:
        return QColorSpace(QColorSpace.NamedColorSpace.DisplayP3)
    return None


def _bmff_is_complete(data: bytes) -> bool:
    """True when the top-level ISO-BMFF boxes (ftyp, meta, mdat…) all fit in ``data``."""
    n = len(data)
    pos = 0
    while pos < n:
        if pos + 8 > n:
            return False
        size = int.from_bytes(data[pos : pos + 4], "big")
        if size == 0:  # "runs to the end of the file"
            return True
        if size == 1:
            if pos + 16 > n:
                return False
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
            if size < 16:
                return False
        elif size < 8:
            return False
        pos += size
    return pos == n


def _is_complete(fmt: str, data: bytes) -> bool:
    # A cut-off JPEG still "decodes" (libjpeg pads the missing rows with grey and only
    # warns); a half-grey picture is no evidence and means the copy failed, so refuse
    # it. Checking the container before decoding also keeps Qt from logging warnings.
    if fmt == "jpeg":
        return _jpeg_is_complete(data)
    if fmt == "png":
        return _png_is_complete(data)
    if fmt == "webp":
        return len(data) >= 8 and len(data) >= 8 + int.from_bytes(data[4:8], "little")
    return True


def _jpeg_is_complete(data: bytes) -> bool:
    """True when the marker structure reaches an EOI (trailing data such as a motion-photo video is fine)."""
    n = len(data)
    pos = 2  # after SOI
    while pos < n:
        if data[pos] != 0xFF:
            # libjpeg skips stray bytes between segments, so do the same.
            pos = data.find(b"\xff", pos)
            if pos < 0:
                return False
        while pos < n and data[pos] == 0xFF:
            pos += 1
        if pos >= n:
            return False
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if pos + 2 > n:
            return False
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2:
            return False
        pos += length
        if pos > n:
            return False
        if marker == 0xDA:
            end = _JPEG_ENTROPY_END.search(data, pos)
            if end is None:
                return False
            pos = end.start()
    return False


def _png_is_complete(data: bytes) -> bool:
    n = len(data)
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= n:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return pos <= n
    return False


def _incomplete(name: str) -> PhotoRejected:
    return PhotoRejected(
        QCoreApplication.translate(
            "photos",
            "{name} is incomplete: the file ends before the picture does. "
            "Copy it again from the camera.",
        ).format(name=name),
        field=_FIELD,
    )


def _damaged(name: str) -> PhotoRejected:
    return PhotoRejected(
        QCoreApplication.translate("photos", "{name} is damaged and cannot be opened.").format(
            name=name
        ),
        field=_FIELD,
    )


def _too_many_pixels(name: str, width: int, height: int, max_pixels: int) -> PhotoRejected:
    return PhotoRejected(
        QCoreApplication.translate(
            "photos",
            "{name} is too large to open safely ({width} × {height} pixels). "
            "A photo can have at most {megapixels} megapixels.",
        ).format(name=name, width=width, height=height, megapixels=max_pixels // 1_000_000),
        field=_FIELD,
    )


def _clean_copy(image: QImage) -> QImage:
    """An sRGB, opaque RGB32 copy carrying no text, ICC profile or other metadata.

    Qt's JPEG writer would otherwise copy the source's text chunks / JPEG comments
    into COM markers and embed its ICC profile, so "re-encode" alone does not strip.
    """
    space = image.colorSpace()
    srgb = QColorSpace(QColorSpace.NamedColorSpace.SRgb)
    if space.isValid() and space != srgb:
        # Wide-gamut (Display P3) and CMYK profiles would look washed out or wrong once
        # the profile is dropped, so bake the colours into sRGB first.
        target_format = (
            QImage.Format.Format_ARGB32 if image.hasAlphaChannel() else QImage.Format.Format_RGB32
        )
        converted = image.convertedToColorSpace(srgb, target_format)
        if not converted.isNull():
            image = converted
    clean = QImage(image.size(), QImage.Format.Format_RGB32)
    # JPEG has no alpha: transparent areas become white, as on paper, not black.
    clean.fill(Qt.GlobalColor.white)
    painter = QPainter(clean)
    painter.drawImage(0, 0, image)
    painter.end()
    return clean


def _thumbnail(image: QImage) -> QImage:
    if max(image.width(), image.height()) <= THUMB_LONG_EDGE:
        return image
    return image.scaled(
        THUMB_LONG_EDGE,
        THUMB_LONG_EDGE,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def _encode_jpeg(image: QImage, quality: int) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.12 stubs say bytes, but the binding only accepts str here.
    if not image.save(buffer, "JPEG", quality):  # type: ignore[call-overload]
        raise RuntimeError("JPEG encoding failed")
    return bytes(buffer.data().data())


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _nonempty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _atomic_write(target: Path, data: bytes) -> None:
    """Write via temp file + fsync + rename, so readers see the whole file or none."""
    _make_dirs(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def _make_dirs(directory: Path) -> None:
    missing: list[Path] = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    directory.mkdir(parents=True, exist_ok=True)
    # A new directory entry is only durable once its parent is synced too.
    for created in reversed(missing):
        _fsync_dir(created.parent)


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        # Windows cannot open a directory for fsync; NTFS journals the rename itself.
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
