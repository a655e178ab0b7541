"""Rows for the authorization matrix: a proposal of the city (led by 学前教育科, 协办
基础教育科), consulted and answered; one owned by 东湖区 and one by 进贤县 (district
人大 lists), not yet handed over."""

import datetime as dt

from edugov.casework.services import case_move
from edugov.core.context import acting
from edugov.org.models import Unit
from edugov.proposals.models import Proposal, ProposalKind
from edugov.proposals.services import proposal_save

NOW = dt.datetime(2023, 3, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def build(cast) -> None:
    xueqian = Unit.objects.get(name="学前教育科")
    with acting(cast.city_admin):
        city = proposal_save(
            user=cast.city_admin,
            proposal=Proposal(
                unit=cast.city,
                kind=ProposalKind.NPC,
                year=2023,
                number="W1",
                title="关于增加普惠性幼儿园学位的建议",
                proposer="王红",
                listed_lead=xueqian,
                listed_co="基础教育科",
            ),
            now=NOW,
        )
        for unit, number in ((cast.donghu, "W2"), (cast.jinxian, "W3")):
            proposal_save(
                user=cast.city_admin,
                proposal=Proposal(
                    unit=unit,
                    kind=ProposalKind.CPPCC,
                    year=2023,
                    number=number,
                    title=f"{unit.name}政协提案",
                    proposer="李青",
                ),
                now=NOW,
            )
    with acting(cast.dept_staff):
        case_move(
            user=cast.dept_staff,
            case=city.case,
            transition="consult",
            now=NOW,
            consult_date="2023-03-10",
            consult_way="电话",
            consult_people="王红代表",
            consult_content="沟通办理思路",
        )
        case_move(
            user=cast.dept_staff,
            case=city.case,
            transition="reply",
            now=NOW,
            outcome="已列入计划",
            classification="B",
            doc_number="洪教建〔2023〕1号",
            contact="李明",
            phone="0791-1",
        )
