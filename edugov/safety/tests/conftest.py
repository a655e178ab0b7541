import pytest

from .world import checklist


@pytest.fixture
def items(cast):
    """The city's fire checklist, version 1 (XF-01 较大, XF-02 一般, XF-03 重大)."""
    return checklist(cast.city_admin, cast.city)
