import datetime as dt

import pytest

from edugov.core.context import acting

from ..models import Inspector
from ..services import inspector_save

NOW = dt.datetime(2023, 9, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def inspector(cast):
    with acting(cast.donghu_officer):
        return inspector_save(
            inspector=Inspector(
                unit=cast.donghu, name="王建国", phone="13907910001", background="retired"
            ),
            user=cast.donghu_officer,
        )
