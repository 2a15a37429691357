"""The photo evidence check: rows against files, files against hashes, orphans both ways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from core.cases import CaseDraft, CaseService
from core.counter import CounterStore
from core.demo import DEMO_STORE
from core.photo_check import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PhotoCheckReport,
    check_photos,
    format_report,
)
from core.photos import ingest_photo, thumb_path
from db.models import CasePhoto
from tests.test_photos import encode, gradient_image


@pytest.fixture
def item_photo(tmp_path: Path) -> Path:
    """An 800×600 JPEG of the item (cheaper to make than the demo sweater)."""
    path = tmp_path / "item.jpg"
    path.write_bytes(encode(gradient_image(800, 600), "JPEG"))
    return path


@pytest.fixture
def case(service: CaseService, staff_id: str, item_photo: Path) -> CaseDraft:
    d = service.open_case(DEMO_STORE, staff_id)
    return service.add_photo(d.id, staff_id, item_photo, caption="collar seam")


def check(store: CounterStore) -> PhotoCheckReport:
    return check_photos(store.sessions, store.photos_dir)


def files_and_db(store: CounterStore) -> tuple[list[tuple[Path, int]], int]:
    files = sorted((p, p.stat().st_mtime_ns) for p in store.photos_dir.rglob("*") if p.is_file())
    with store.sessions() as s:
        rows = s.scalar(select(func.count()).select_from(CasePhoto)) or 0
    return files, rows


def test_intact_store_is_ok(counter_store: CounterStore, case: CaseDraft) -> None:
    before = files_and_db(counter_store)

    report = check(counter_store)

    assert report.ok and report.exit_code == EXIT_OK
    assert (report.records, report.files, report.intact) == (1, 1, 1)
    assert report.changed == report.missing == ()
    assert report.unused_files == report.stray_files == report.missing_thumbnails == ()
    text = format_report(report)
    assert "1 case photos, 1 photo files; 1 present and unchanged." in text
    assert text.splitlines()[-1] == "OK: every case photo is present and unchanged."
    assert files_and_db(counter_store) == before  # read-only


def test_tampered_file_is_reported_as_changed(counter_store: CounterStore, case: CaseDraft) -> None:
    photo = case.photos[0]
    data = bytearray(photo.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    photo.path.write_bytes(bytes(data))

    report = check(counter_store)

    assert not report.ok and report.exit_code == EXIT_PROBLEMS
    assert [r.photo_id for r in report.changed] == [photo.id]
    record = report.changed[0]
    assert (record.case_id, record.case_no, record.sha256) == (case.id, case.case_no, photo.sha256)
    assert report.missing == () and report.intact == 0
    text = format_report(report)
    assert "CHANGED: the file no longer matches what was stored (1):" in text
    assert case.case_no in text and str(photo.path) in text
    assert "PROBLEM: 1 case photos are missing or changed." in text


def test_missing_file_is_reported(counter_store: CounterStore, case: CaseDraft) -> None:
    photo = case.photos[0]
    photo.path.unlink()

    report = check(counter_store)

    assert report.exit_code == EXIT_PROBLEMS
    assert [r.photo_id for r in report.missing] == [photo.id]
    assert report.files == 0 and report.changed == ()
    # The thumbnail still belongs to a case's photo, so it is neither unused nor stray.
    assert report.unused_files == report.stray_files == ()
    assert "MISSING: the case has the photo, the file is gone (1):" in format_report(report)


def test_unused_files_and_leftovers_are_listed_but_harmless(
    counter_store: CounterStore, case: CaseDraft, service: CaseService, staff_id: str
) -> None:
    orphan = ingest_photo(encode(gradient_image(300, 200), "PNG"), counter_store.photos_dir)
    leftover = orphan.path.parent / f".{orphan.sha256}.abc123.tmp"
    leftover.write_bytes(b"half a photo")
    case.photos[0].thumb_path.unlink()

    report = check(counter_store)

    assert report.ok and report.exit_code == EXIT_OK
    assert report.unused_files == (orphan.path,)
    assert set(report.stray_files) == {leftover, orphan.thumb_path}
    assert report.missing_thumbnails == (case.photos[0].sha256,)
    text = format_report(report)
    assert str(orphan.path) in text and str(leftover) in text
    assert "OK: every case photo is present and unchanged." in text

    # Removing a photo from a case leaves its file: shared by content, never deleted.
    service.remove_photo(case.id, staff_id, case.photos[0].id)
    again = check(counter_store)
    assert again.records == 0
    assert set(again.unused_files) == {orphan.path, case.photos[0].path}


def test_same_file_in_two_cases_is_checked_once_and_counted_twice(
    counter_store: CounterStore, service: CaseService, staff_id: str, item_photo: Path
) -> None:
    for _ in range(2):
        d = service.open_case(DEMO_STORE, staff_id)
        service.add_photo(d.id, staff_id, item_photo)

    report = check(counter_store)

    assert (report.records, report.files, report.intact) == (2, 1, 2)


def test_empty_or_absent_photo_folder(tmp_path: Path, counter_store: CounterStore) -> None:
    report = check_photos(counter_store.sessions, tmp_path / "nowhere")
    assert report.ok and report.records == report.files == 0


@pytest.fixture
def insert_fails() -> Iterator[None]:
    """The database insert of a case_photo row fails (disk full, power cut mid-commit)."""

    def boom(*_args: object) -> None:
        raise RuntimeError("simulated crash before the row was written")

    event.listen(CasePhoto, "before_insert", boom)
    yield
    event.remove(CasePhoto, "before_insert", boom)


def test_crash_between_file_and_row_leaves_an_unused_file_never_a_broken_row(
    counter_store: CounterStore,
    service: CaseService,
    staff_id: str,
    item_photo: Path,
    insert_fails: None,
) -> None:
    d = service.open_case(DEMO_STORE, staff_id)

    with pytest.raises(RuntimeError, match="simulated crash"):
        service.add_photo(d.id, staff_id, item_photo)

    with counter_store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(CasePhoto)) == 0
    assert service.load(d.id).photos == ()
    stored = [p for p in counter_store.photos_dir.rglob("*.jpg") if "thumbs" not in p.parts]
    assert len(stored) == 1  # the file went first and stays, fsynced and whole

    report = check(counter_store)

    assert report.ok and report.exit_code == EXIT_OK
    assert report.missing == report.changed == ()
    assert report.unused_files == (stored[0],)
    assert thumb_path(counter_store.photos_dir, stored[0].stem) not in report.unused_files
