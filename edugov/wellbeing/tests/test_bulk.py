"""A whole campaign at once (paper, another platform): two-phase, and the same cases and
notifications per 红/橙 sheet as online."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from edugov.casework.models import Notification
from edugov.core.context import acting
from edugov.students.tests.conftest import make_student
from edugov.wellbeing.bulk import sheets_store
from edugov.wellbeing.models import CaseFile, Submission, TierCount

from .factory import CALM_GAD, CALM_PHQ, NOW, ORANGE_PHQ, RED_PHQ

pytestmark = pytest.mark.django_db


def test_a_bad_row_writes_nothing_and_good_rows_open_their_cases(cast, team, pupil, young, drive):
    other = make_student(cast.donghu_junior, name="孙小鹏", grade=7)
    officer = cast.donghu_officer
    sheet = {"PHQ-9": RED_PHQ, "GAD-7": CALM_GAD}
    with acting(officer), pytest.raises(ValidationError) as refused:
        sheets_store(
            user=officer, campaign=drive, sheets=[(pupil.pk, sheet), (young.pk, sheet)], now=NOW
        )
    assert (
        refused.value.messages == ["第 2 行：未满十四周岁，缺少监护人同意"]
        or "row 2" in refused.value.messages[0]
    )
    assert not Submission.objects.exists()
    with acting(officer):
        counts = sheets_store(
            user=officer,
            campaign=drive,
            sheets=[
                (pupil.pk, sheet),
                (other.pk, {"PHQ-9": ORANGE_PHQ, "GAD-7": CALM_GAD}),
            ],
            now=NOW,
        )
    assert counts == {"red": 1, "orange": 1, "yellow": 0, "none": 0}
    files = CaseFile.objects.select_related("case").order_by("case__case_type")
    assert [f.case.case_type for f in files] == ["wb_case", "wb_crisis"]
    assert all(f.counselor == cast.counselor for f in files)
    crisis = files[1]
    told = set(Notification.objects.filter(case=crisis.case).values_list("recipient", flat=True))
    assert told == {cast.counselor.pk, team["center_staff"].pk}
    assert not Notification.objects.filter(
        case=files[0].case, recipient=team["center_staff"]
    ).exists()
    stored = dict(TierCount.objects.filter(school=cast.donghu_junior).values_list("tier", "count"))
    assert stored["red"] == 1 and stored["orange"] == 1
    assert Submission.objects.get(student=pupil).flags == ["PHQ-9:suicide_risk"]
    with acting(officer), pytest.raises(ValidationError):  # answered already
        sheets_store(
            user=officer,
            campaign=drive,
            sheets=[(pupil.pk, {"PHQ-9": CALM_PHQ, "GAD-7": CALM_GAD})],
            now=NOW,
        )
