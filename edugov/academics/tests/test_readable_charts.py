"""Charts and tables that stay readable at a city's size (issue 15, defect 11): 200
schools on the value-added axis, a 1,400-row 一分一段 table."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from edugov.academics import reports
from edugov.academics.models import Level, UnitResult

pytestmark = pytest.mark.django_db


def _va_rows(n):
    return [
        SimpleNamespace(
            unit=SimpleNamespace(name=f"南昌市第{i}中学"),
            class_name="",
            mean=10 - i / 10,
            ci_low=8 - i / 10,
            ci_high=12 - i / 10,
        )
        for i in range(n)
    ]


@pytest.mark.django_db(False)
def test_the_value_added_chart_scrolls_through_200_schools_every_one_labelled():
    option = reports.value_added_chart(_va_rows(200))
    label = option["xAxis"]["axisLabel"]
    assert label["interval"] == 0 and label["rotate"] and label["overflow"] == "truncate"
    slider = next(z for z in option["dataZoom"] if z["type"] == "slider")
    # 25 schools at a time, the best first (the rows come ordered by mean).
    assert (slider["startValue"], slider["endValue"]) == (0, 24)
    assert any(z["type"] == "inside" for z in option["dataZoom"])


@pytest.mark.django_db(False)
def test_a_short_value_added_chart_has_no_scrollbar():
    assert reports.value_added_chart(_va_rows(10))["dataZoom"] == []


@pytest.mark.django_db(False)
def test_a_1400_row_score_table_is_paged_into_columns():
    rows = [{"score": 700 - i / 2, "count": 1, "cumulative": i + 1} for i in range(1400)]
    pages = reports.band_pages(rows)
    assert len(pages) == 7
    for page in pages:
        assert len(page["columns"]) <= reports.BAND_COLUMNS_PER_PAGE
        assert all(len(col) <= reports.BAND_ROWS_PER_COLUMN for col in page["columns"])
    assert (pages[0]["high"], pages[0]["low"]) == (700, 600.5)
    assert sum(len(c) for p in pages for c in p["columns"]) == 1400


def test_the_score_bands_page_shows_the_table_in_columns_beside_the_chart(
    cast, client_for, world, monkeypatch
):
    # Small columns, so the world's exam fills several columns and pages.
    monkeypatch.setattr(reports, "BAND_ROWS_PER_COLUMN", 10)
    monkeypatch.setattr(reports, "band_pages", _small_pages(reports.band_pages))
    city = UnitResult.objects.filter(exam=world.exam, level=Level.CITY).first()
    url = reverse("academics:result_bands", args=[city.pk])
    client = client_for(cast.city_admin)
    body = client.get(url, {"column": "语文"}).content.decode()
    assert body.count('data-testid="bands-column"') == 3
    columns = body.split('data-testid="bands-column"')[1:]
    assert all(c.split("</table>")[0].count("<tr>") <= 11 for c in columns)  # head + 10
    assert 'data-testid="bands-pages"' in body and 'data-chart="chart-bands"' in body
    assert body.index('data-chart="chart-bands"') < body.index('data-testid="bands"')
    second = client.get(url, {"column": "语文", "page": 2}).content.decode()
    assert 'data-testid="bands-column"' in second
    assert client.get(url, {"column": "语文", "page": "x"}).status_code == 200


def _small_pages(real):
    return lambda rows: real(rows, per_column=10, columns=3)
