"""The one audited save: validate, save, one event with the diff, personal data masked
without the caller having to ask."""

import pytest
from django.core.exceptions import ValidationError

from edugov.audit.models import AuditEvent
from edugov.audit.services import audited_save
from edugov.core.context import acting
from edugov.registry.models import DistrictPopulation
from edugov.students.tests.conftest import make_student

pytestmark = pytest.mark.django_db


def test_personal_fields_are_masked_in_the_diff_by_default(cast):
    student = make_student(cast.donghu_school)
    student.guardian_phone = "13900001111"
    student.name = "李四光"
    with acting(cast.donghu_officer):
        audited_save(student)  # no personal_fields passed: the model's are used
    event = AuditEvent.objects.filter(event_type="update", object_id=str(student.pk)).get()
    text = str(event.changes)
    assert set(event.changes) == {"guardian_phone", "name"}
    assert "13900001111" not in text and "李四光" not in text
    assert "13812341234" not in text and "张三丰" not in text


def test_it_reads_the_stored_row_for_the_diff_and_audits_once(cast):
    with acting(cast.donghu_officer):
        row = audited_save(DistrictPopulation(district=cast.donghu, year=2030, population_3_5=10))
        row.population_3_5 = 12
        audited_save(row)
    events = AuditEvent.objects.filter(object_id=str(row.pk), object_type=row._meta.label_lower)
    assert [e.event_type for e in events.order_by("seq")] == ["create", "update"]
    assert events.order_by("seq").last().changes == {"population_3_5": ["10", "12"]}


def test_an_invalid_row_is_neither_saved_nor_audited(cast):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError), acting(cast.donghu_officer):
        audited_save(DistrictPopulation(district=cast.donghu, year=1800, population_3_5=10))
    assert not DistrictPopulation.objects.filter(year=1800).exists()
    assert AuditEvent.objects.count() == before
