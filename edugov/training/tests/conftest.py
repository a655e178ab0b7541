"""Fixtures of the 双减 module: the authorization matrix's world, shared by the tests."""

from __future__ import annotations

import pytest

from . import world as world_module


@pytest.fixture
def world(cast):
    """Institutions, a plan, a record with a finding, a public complaint and a programme
    in 东湖区 and in 进贤县 (``tests/world.py``)."""
    world_module.build(cast)
    from ..models import Institution

    return {
        "donghu": Institution.objects.get(code="JG-DH-1"),
        "jinxian": Institution.objects.get(code="JG-JX-1"),
    }
