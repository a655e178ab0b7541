"""Rows for the authorization matrix: a programme owned by a 东湖区 school, one owned by
进贤县 with 进贤's school taking part, one of 东湖区 in which 进贤's school takes part
(read there, written only in 东湖区); a party organization at each cast school."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.core.context import acting
from edugov.programmes.models import PartyForm, PartyOrganization, Programme
from edugov.programmes.services import (
    evidence_add,
    party_organization_save,
    programme_save,
)

DAY = dt.date(2023, 3, 1)


def programme(user, unit, code, *, kind="labour", schools=(), extra=None, **fields):
    with acting(user):
        return programme_save(
            programme=Programme(
                code=code,
                kind=kind,
                title=f"{unit.name}劳动基地",
                unit=unit,
                start_date=fields.pop("start_date", DAY),
                extra=extra if extra is not None else {"area_sqm": 1200},
                **fields,
            ),
            user=user,
            schools=list(schools),
        )


def organization(user, school, **fields):
    fields.setdefault("form", PartyForm.BRANCH)
    if fields["form"] != PartyForm.NONE:
        fields.setdefault("established_on", dt.date(2010, 7, 1))
    with acting(user):
        return party_organization_save(
            organization=PartyOrganization(school=school, **fields), user=user
        )


def evidence(user, prog, name):
    with acting(user):
        return evidence_add(
            programme=prog,
            user=user,
            uploads=[SimpleUploadedFile(name, b"%PDF-1.4 programme evidence")],
        )[0]


def build(cast) -> None:
    mine = programme(
        cast.donghu_principal, cast.donghu_school, "W-DH-1", schools=[cast.donghu_school]
    )
    theirs = programme(cast.city_admin, cast.jinxian, "W-JX-1", schools=[cast.jinxian_school])
    evidence(cast.donghu_principal, mine, "donghu.pdf")
    evidence(cast.city_admin, theirs, "jinxian.pdf")
    programme(cast.donghu_officer, cast.donghu, "W-DH-2", schools=[cast.jinxian_school])
    organization(cast.donghu_principal, cast.donghu_school, members=30)
    organization(cast.jinxian_principal, cast.jinxian_school, form=PartyForm.NONE)
