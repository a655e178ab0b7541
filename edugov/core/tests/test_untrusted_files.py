"""Untrusted files are parsed in a limited child: a reader that aborts, floods or
loops is "the file could not be read" and an audit event, never a dead process."""

import io
import tracemalloc
from pathlib import Path

import pytest
from django.utils import translation

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.core.io.readers import FileRefused, open_sheet
from edugov.core.io.registry import IMPORTERS

from .workbooks import far_corner_bomb, formula_sheet, workbook

pytestmark = pytest.mark.django_db


def refusal(content: bytes, name: str, size: int | None = None) -> FileRefused:
    with translation.override("zh-hans"), pytest.raises(FileRefused) as caught:
        sheet = open_sheet(io.BytesIO(content), name, len(content) if size is None else size)
        list(sheet.rows)  # a refusal may come while the rows stream in
    return caught.value


def test_the_far_corner_workbook_is_refused_and_this_process_survives():
    content = far_corner_bomb()
    assert len(content) < 1700
    exc = refusal(content, "stats.xlsx")
    assert "文件无法读取" in str(exc)
    assert exc.reason.startswith("crash")


def test_a_formula_in_a_sheet_part_not_named_sheet_n_is_refused():
    # calamine follows the workbook's rels to xl/worksheets/data.xml and would import
    # the formula's cached value.
    content = workbook(formula_sheet(), sheet_part="xl/worksheets/data.xml")
    assert refusal(content, "f.xlsx").reason == "formula"
    content = workbook(formula_sheet(), sheet_part="xl/cells.xml")
    assert refusal(content, "f.xlsx").reason == "formula"


def test_a_csv_of_newlines_stops_at_the_row_limit_in_constant_memory(settings):
    settings.EDUGOV_IMPORT_MAX_ROWS = 1000
    content = b"school_code\n1\n" + b"\n" * 3_000_000
    tracemalloc.start()
    try:
        exc = refusal(content, "n.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exc.reason == "too_many_rows"
    # The 3 MB file is spooled to disk, not held: this process's peak stays small.
    assert peak < 2 * 1024 * 1024, peak


def test_the_byte_limit_applies_to_the_bytes_not_to_the_size_claimed(settings, tmp_path):
    settings.EDUGOV_IMPORT_MAX_BYTES = 1024
    path = tmp_path / "big.csv"
    path.write_bytes(b"school_code\n" + b"3601020001\n" * 400)
    with path.open("rb") as fh, pytest.raises(FileRefused) as caught:
        list(open_sheet(fh, "big.csv", 100).rows)
    assert caught.value.reason == "too_large"


def test_an_over_long_csv_field_is_a_message_naming_its_row(cast):
    importer = IMPORTERS["org.school"]
    header = ",".join(c.field for c in importer.columns)
    content = (header + '\n1,a\n2,"' + "长" * 140_000 + '"\n').encode()
    with acting(cast.donghu_officer), translation.override("zh-hans"):
        report = importer(cast.donghu_officer).run(io.BytesIO(content), "u.csv", len(content))
    assert report.errors == ["第 3 行：有单元格超过 131072 个字符。"]


def test_a_refused_upload_is_audited_with_its_reason_name_and_size_not_its_content(cast):
    content = far_corner_bomb()
    with acting(cast.donghu_officer):
        report = IMPORTERS["registry.statistics"](cast.donghu_officer).run(
            io.BytesIO(content), "stats.xlsx", len(content)
        )
    assert report.errors and "文件无法读取" in report.errors[0]
    event = AuditEvent.objects.get(event_type="import.failure")
    assert event.outcome == "failure" and event.actor_username == cast.donghu_officer.username
    assert event.changes["file_name"] == "stats.xlsx"
    assert event.changes["size"] == len(content)
    assert event.changes["reason"].startswith("crash")
    assert "school_code" not in str(event.changes) + event.detail


def test_the_reader_does_not_inherit_the_keys_in_the_environment(monkeypatch):
    from edugov.core.io import sandbox

    monkeypatch.setattr(sandbox._Server, "proc", None)  # a fresh server, started now
    monkeypatch.setenv("EDUGOV_DATA_KEYS", "k1:secret")
    list(open_sheet(io.BytesIO(b"a\n1\n"), "a.csv", 4).rows)
    environ = Path(f"/proc/{sandbox._Server.proc.pid}/environ").read_bytes()
    assert b"EDUGOV" not in environ and b"secret" not in environ
