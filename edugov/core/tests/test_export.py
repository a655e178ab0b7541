import io

import pytest
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.core.io.export import safe_cell

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_evaluate_are_escaped(text):
    assert safe_cell(text) == "'" + text


def test_ordinary_cells_are_left_alone():
    assert safe_cell("东湖区") == "东湖区" and safe_cell(-3) == -3


def test_the_export_writes_the_tables_columns_and_escapes_names(cast, client_for):
    import python_calamine

    school = cast.donghu_school
    school.name = '=HYPERLINK("http://evil")'
    school.save()
    response = client_for(cast.donghu_officer).get(reverse("org:unit_export"))
    content = b"".join(response.streaming_content)
    rows = (
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][:3] == ["代码", "名称", "类型"]
    names = [r[1] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names


def test_an_export_is_audited_with_its_row_count(cast, client_for):
    client_for(cast.donghu_officer).get(
        reverse("org:unit_export"), {"format": "csv", "institution_type": "junior"}
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "export" and event.changes["rows"] == 1


def test_the_export_applies_the_pages_filter(cast, client_for):
    response = client_for(cast.donghu_officer).get(
        reverse("org:unit_export"), {"format": "csv", "institution_type": "junior"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert cast.donghu_junior.code in body and cast.donghu_school.code not in body


def test_the_user_export_masks_phone_numbers(cast, client_for):
    cast.donghu_principal.phone = "13912345678"
    cast.donghu_principal.save()
    response = client_for(cast.sysadmin).get(reverse("accounts:user_export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "139****5678" in body and "13912345678" not in body
