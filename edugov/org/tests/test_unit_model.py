import pytest
from django.core.exceptions import ValidationError

from edugov.org.models import Unit, UnitKind
from edugov.org.services import unit_save

pytestmark = pytest.mark.django_db


def _school(cast, **kw):
    fields = dict(
        kind=UnitKind.SCHOOL,
        code="2136009999",
        name="测试小学",
        parent=cast.donghu,
        institution_type="primary",
        ownership="public",
    )
    fields.update(kw)
    return Unit(**fields)


def test_it_rejects_a_school_code_of_the_wrong_category(cast):
    with pytest.raises(ValidationError) as exc:
        unit_save(unit=_school(cast, code="1136009999"))
    assert "code" in exc.value.message_dict


def test_it_rejects_a_bad_credit_code_checksum(cast):
    with pytest.raises(ValidationError) as exc:
        unit_save(unit=_school(cast, credit_code="123601007485469190"))
    assert "credit_code" in exc.value.message_dict


def test_a_public_school_needs_a_public_body_credit_code(cast):
    from edugov.engines.codes import credit_code_check_char

    body = "91360102MA1234567"
    with pytest.raises(ValidationError) as exc:
        unit_save(unit=_school(cast, credit_code=body + credit_code_check_char(body)))
    assert "credit_code" in exc.value.message_dict


def test_it_rejects_a_malformed_district_code(cast):
    with pytest.raises(ValidationError):
        unit_save(unit=Unit(kind=UnitKind.DISTRICT, code="36010", name="坏区", parent=cast.city))


def test_a_zone_needs_its_legal_district(cast):
    with pytest.raises(ValidationError) as exc:
        unit_save(unit=Unit(kind=UnitKind.ZONE, code="Z360100X", name="新区", parent=cast.city))
    assert "legal_district" in exc.value.message_dict


def test_only_private_kindergartens_are_inclusive(cast):
    with pytest.raises(ValidationError) as exc:
        unit_save(unit=_school(cast, inclusive=True))
    assert "inclusive" in exc.value.message_dict


def test_moving_a_district_rewrites_the_paths_of_its_schools(cast):
    # Re-parent 东湖区 under a department (not allowed) is refused; a zone can move
    # its legal district without touching paths; a school moved to another district
    # carries its new path.
    school = cast.donghu_school
    school.parent = cast.jinxian
    unit_save(unit=school)
    school.refresh_from_db()
    assert school.path == f"{cast.jinxian.path}{school.pk}/"
    assert school.depth == 2


def test_the_nanchang_seed_has_9_districts_3_zones_and_15_departments(cast):
    assert Unit.objects.filter(kind=UnitKind.DISTRICT).count() == 9
    assert Unit.objects.filter(kind=UnitKind.ZONE).count() == 3
    assert Unit.objects.filter(kind=UnitKind.DEPARTMENT).count() == 15
    assert not Unit.objects.filter(code__in=["360105", "360106"]).exists()


def test_a_department_member_works_city_wide(cast):
    from edugov.conftest import make_user

    staff = make_user("jichu", "department_staff", Unit.objects.get(name="基础教育科"))
    visible = Unit.objects.visible_to(staff, "view")
    assert visible.filter(pk=cast.jinxian_school.pk).exists()
    assert visible.filter(pk=cast.donghu_school.pk).exists()
