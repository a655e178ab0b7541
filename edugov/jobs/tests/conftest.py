"""A job kind of the tests' own, so the runner is tested without an importer."""

from __future__ import annotations

import pytest

from edugov.jobs import services


@pytest.fixture
def handler(monkeypatch):
    """``handler(fn)`` registers ``fn`` as the handler of kind ``test.kind`` for one test."""

    def install(fn):
        monkeypatch.setitem(services._HANDLERS, "test.kind", fn)
        return "test.kind"

    return install
