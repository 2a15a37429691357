"""Photo evidence check: every case_photo row against its file and hash, and the reverse.

Read-only. A photo file is written (fsynced) before its row, so an interrupted save
leaves a file no row uses (harmless, reported as unused); a row whose file is missing
or no longer hashes to its name means evidence was lost or changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.photos import photo_path, thumb_path, verify_photo_file
from db.models import CasePhoto, ReturnCase

EXIT_OK = 0
"""Every case photo has its file and the file is unchanged (unused files may exist)."""
EXIT_PROBLEMS = 1
"""At least one case photo's file is missing or changed."""
EXIT_COULD_NOT_CHECK = 2
"""The database or the photo folder could not be read (the caller catches that)."""

_PHOTO_NAME = re.compile(r"([0-9a-f]{64})\.jpg")

translate = QCoreApplication.translate


@dataclass(frozen=True)
class PhotoRecord:
    """One case_photo row, with the case it belongs to."""

    photo_id: str
    case_id: str
    case_no: str
    case_status: str
    sha256: str
    path: Path | None
    """Where the file belongs; None when the row's sha256 is malformed."""


@dataclass(frozen=True)
class PhotoCheckReport:
    photos_dir: Path
    records: int
    """case_photo rows checked."""
    files: int
    """Photo files found (thumbnails not counted)."""
    intact: int
    """Rows whose file is there and still hashes to its name."""
    changed: tuple[PhotoRecord, ...]
    """Rows whose file is there but its bytes no longer match (tampered or damaged)."""
    missing: tuple[PhotoRecord, ...]
    """Rows with no file."""
    unused_files: tuple[Path, ...]
    """Photo files no row refers to (removed photos, interrupted saves)."""
    stray_files: tuple[Path, ...]
    """Anything else: temp files of an interrupted write, thumbnails of unused photos,
    files with names the store never writes."""
    missing_thumbnails: tuple[str, ...]
    """sha256 of used photos without a thumbnail (derived data; rebuilt on re-ingest)."""

    @property
    def ok(self) -> bool:
        return not self.changed and not self.missing

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.ok else EXIT_PROBLEMS


def check_photos(sessions: sessionmaker[Session], photos_dir: Path) -> PhotoCheckReport:
    """Check every stored photo against the database and every row against a file.

    Raises OSError / SQLAlchemyError when the folder or database cannot be read at
    all; a command should then exit with ``EXIT_COULD_NOT_CHECK``.
    """
    photos_dir = Path(photos_dir)
    with sessions() as s:
        rows = s.execute(
            select(
                CasePhoto.id,
                CasePhoto.case_id,
                CasePhoto.sha256,
                ReturnCase.case_no,
                ReturnCase.status,
            )
            .join(ReturnCase, ReturnCase.id == CasePhoto.case_id)
            .order_by(ReturnCase.case_no, CasePhoto.added_at, CasePhoto.id)
        ).all()

    photo_files, thumb_files, stray = _scan(photos_dir)

    used: set[str] = set()
    verified: dict[str, bool] = {}
    changed: list[PhotoRecord] = []
    missing: list[PhotoRecord] = []
    intact = 0
    for photo_id, case_id, sha, case_no, status in rows:
        path = _safe_photo_path(photos_dir, sha)
        record = PhotoRecord(photo_id, case_id, case_no, status, sha, path)
        used.add(sha)
        if path is None or path not in photo_files:
            missing.append(record)
            continue
        if sha not in verified:
            verified[sha] = verify_photo_file(photos_dir, sha)
        if verified[sha]:
            intact += 1
        else:
            changed.append(record)

    unused = sorted(p for p in photo_files if p.stem not in used)
    stray.extend(p for p in thumb_files if p.stem not in used)
    missing_thumbs = sorted(
        sha for sha in used if sha in verified and thumb_path(photos_dir, sha) not in thumb_files
    )
    return PhotoCheckReport(
        photos_dir=photos_dir,
        records=len(rows),
        files=len(photo_files),
        intact=intact,
        changed=tuple(changed),
        missing=tuple(missing),
        unused_files=tuple(unused),
        stray_files=tuple(sorted(stray)),
        missing_thumbnails=tuple(missing_thumbs),
    )


def format_report(report: PhotoCheckReport) -> str:
    """The report as plain text for a terminal, worst news first, verdict last."""
    lines = [
        translate("photo_check", "Photo check of {folder}").format(folder=report.photos_dir),
        translate(
            "photo_check",
            "{records} case photos, {files} photo files; {intact} present and unchanged.",
        ).format(records=report.records, files=report.files, intact=report.intact),
    ]

    def section(title: str, entries: list[str]) -> None:
        if entries:
            lines.append("")
            lines.append(f"{title} ({len(entries)}):")
            lines.extend(f"  {e}" for e in entries)

    def record(r: PhotoRecord) -> str:
        return translate(
            "photo_check", "case {case_no} ({status}), photo {photo_id}: {path}"
        ).format(
            case_no=r.case_no,
            status=r.case_status,
            photo_id=r.photo_id,
            path=r.path if r.path is not None else r.sha256,
        )

    section(
        translate("photo_check", "CHANGED: the file no longer matches what was stored"),
        [record(r) for r in report.changed],
    )
    section(
        translate("photo_check", "MISSING: the case has the photo, the file is gone"),
        [record(r) for r in report.missing],
    )
    section(
        translate(
            "photo_check",
            "Not used by any case (removed photos or an interrupted save; harmless)",
        ),
        [str(p) for p in report.unused_files],
    )
    section(
        translate(
            "photo_check",
            "Other files (left by an interrupted write, or thumbnails of unused photos)",
        ),
        [str(p) for p in report.stray_files],
    )
    section(
        translate("photo_check", "Thumbnails missing (rebuilt when the photo is added again)"),
        list(report.missing_thumbnails),
    )
    lines.append("")
    if report.ok:
        lines.append(translate("photo_check", "OK: every case photo is present and unchanged."))
    else:
        lines.append(
            translate(
                "photo_check",
                "PROBLEM: {count} case photos are missing or changed. Keep this report and "
                "tell the supervisor; do not delete anything.",
            ).format(count=len(report.changed) + len(report.missing))
        )
    return "\n".join(lines)


def _scan(photos_dir: Path) -> tuple[set[Path], set[Path], list[Path]]:
    """(photo files, thumbnail files, everything else) under ``photos_dir``."""
    photos: set[Path] = set()
    thumbs: set[Path] = set()
    stray: list[Path] = []
    if not photos_dir.is_dir():
        return photos, thumbs, stray

    def walk_error(exc: OSError) -> None:
        raise exc

    for root, _dirs, names in os.walk(photos_dir, onerror=walk_error):
        folder = Path(root)
        for name in names:
            path = folder / name
            match = _PHOTO_NAME.fullmatch(name)
            if match is None:
                stray.append(path)
            elif path == photo_path(photos_dir, match[1]):
                photos.add(path)
            elif path == thumb_path(photos_dir, match[1]):
                thumbs.add(path)
            else:
                stray.append(path)  # a photo name in the wrong folder
    return photos, thumbs, stray


def _safe_photo_path(photos_dir: Path, sha256: str) -> Path | None:
    try:
        return photo_path(photos_dir, sha256)
    except ValueError:
        return None  # a row with a malformed sha can have no file
