"""Case numbers: per type, year and owning unit, without gaps, also under concurrency."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from edugov.casework.models import Case, CaseCounter
from edugov.casework.services import case_open
from edugov.core.context import acting

from .casetypes import ensure_registered
from .conftest import T0, at


@pytest.mark.django_db
def test_numbers_run_per_type_year_and_owning_unit(cast, open_case):
    first = open_case()
    second = open_case()
    other_unit = open_case(user=cast.donghu_officer)
    next_year = open_case(now=at(2024, 1, 3, 9, 0))
    assert [first.number, second.number] == ["测诉〔2023〕第1号", "测诉〔2023〕第2号"]
    assert other_unit.number == "测诉〔2023〕第1号" and other_unit.unit == cast.donghu
    assert next_year.number == "测诉〔2024〕第1号"


@pytest.mark.django_db
def test_a_refused_opening_leaves_no_gap(cast, open_case):
    open_case()
    with pytest.raises(ValidationError):
        open_case(files=[SimpleUploadedFile("a.pdf", b"not a pdf")])
    assert open_case().number == "测诉〔2023〕第2号"
    assert CaseCounter.objects.get(unit=cast.city).last == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_creators_get_gapless_distinct_numbers(cast):
    ensure_registered()
    per_thread, threads = 5, 8
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def create() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                with acting(cast.city_admin):
                    case_open(user=cast.city_admin, case_type="t_complaint", title="并发", now=T0)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=create) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    seqs = sorted(Case.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, threads * per_thread + 1))
    assert Case.objects.values("number").distinct().count() == threads * per_thread
