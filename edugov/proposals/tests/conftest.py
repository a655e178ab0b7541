"""Proposals fixtures: the bureau's departments as parties, a proposal factory and the
moves, on a fixed 2023 day (the working-day calendar knows 2023)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from edugov.casework.services import case_move
from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.org.models import Unit
from edugov.proposals.models import Proposal, ProposalKind
from edugov.proposals.services import proposal_save

TZ = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


T0 = at(2023, 3, 1, 10, 0)  # a Wednesday, after the sessions of the 两会


@pytest.fixture(autouse=True)
def _today(settings):
    settings.EDUGOV_TODAY = "2023-03-01"


@pytest.fixture
def xueqian(cast):
    return Unit.objects.get(name="学前教育科")


@pytest.fixture
def jichu(cast):
    return Unit.objects.get(name="基础教育科")


@pytest.fixture
def jichu_staff(cast, jichu):
    """A member of the 协办 department."""
    return make_user("jichu_staff", "department_staff", jichu)


@pytest.fixture
def make_proposal(cast, xueqian):
    """``make_proposal(**kw)``: a 2023 人大建议 led by 学前教育科 (协办 基础教育科), imported
    by the city's office and handed over at ``T0``."""
    counter = iter(range(1, 1000))

    def make(**kw):
        user = kw.pop("user", cast.city_admin)
        now = kw.pop("now", T0)
        kw.setdefault("unit", user.unit)
        kw.setdefault("kind", ProposalKind.NPC)
        kw.setdefault("year", 2023)
        kw.setdefault("number", str(next(counter)))
        kw.setdefault("title", "关于增加公办幼儿园学位的建议")
        kw.setdefault("proposer", "张建华")
        kw.setdefault("listed_lead", xueqian)
        kw.setdefault("listed_co", "基础教育科")
        with acting(user):
            return proposal_save(user=user, proposal=Proposal(**kw), now=now)

    return make


def move(proposal_or_case, user, name, *, now=T0, **data):
    case = getattr(proposal_or_case, "case", proposal_or_case)
    with acting(user):
        return case_move(user=user, case=case, transition=name, now=now, **data)


CONSULT = {
    "consult_date": "2023-04-10",
    "consult_way": "当面",
    "consult_people": "张建华代表；学前教育科李科长",
    "consult_content": "就新建幼儿园选址交换意见",
}
REPLY = {
    "outcome": "已将新建5所公办幼儿园列入2023年民生实事。",
    "classification": "A",
    "doc_number": "洪教建〔2023〕12号",
    "contact": "李明",
    "phone": "0791-83981234",
}
