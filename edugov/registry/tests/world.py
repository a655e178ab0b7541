"""Rows for the authorization matrix: statistics, status, a group, a population and a
district target in each of 东湖区 and 进贤县."""

import datetime as dt

from edugov.core.context import acting
from edugov.registry.models import (
    Alliance,
    AllianceKind,
    DistrictPopulation,
    InstitutionStatus,
    Target,
    TargetKind,
)
from edugov.registry.services import alliance_save, population_save, status_save, target_save

from .conftest import make_stats


def build(cast) -> None:
    with acting(None):
        for district, school in (
            (cast.donghu, cast.donghu_school),
            (cast.jinxian, cast.jinxian_school),
        ):
            make_stats(school, 2023, primary=400, teachers_bachelor=20, floor_area=2000)
            status_save(
                status=InstitutionStatus(
                    school=school, effective_on=dt.date(2020, 9, 1), ownership="public"
                )
            )
            alliance_save(
                alliance=Alliance(
                    unit=district,
                    name=f"{district.name}教育集团",
                    kind=AllianceKind.GROUP,
                    lead_school=school,
                ),
                members=[school],
            )
            population_save(
                population=DistrictPopulation(district=district, year=2023, population_3_5=9000)
            )
            target_save(
                target=Target(
                    unit=district,
                    indicator="kg_public_share",
                    kind=TargetKind.DISTRICT,
                    year=2023,
                    value=55,
                )
            )
