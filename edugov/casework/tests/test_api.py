"""The API: cases as the reader may see them, read-only."""

from __future__ import annotations

import pytest

from edugov.conftest import token_client

pytestmark = pytest.mark.django_db


def test_the_api_lists_the_readers_cases_and_refuses_writes(cast, open_case):
    mine = open_case(user=cast.donghu_officer, title="东湖区办件")
    open_case(user=cast.jinxian_principal, title="进贤县办件")
    client = token_client(cast.donghu_officer)
    answer = client.get("/api/casework/cases/").json()
    assert [c["number"] for c in answer["results"]] == [mine.number]
    assert answer["results"][0]["state_label"] == "已受理"
    assert client.post("/api/casework/cases/", {"title": "x"}).status_code == 405
    assert client.get("/api/casework/cases/", {"overdue": "true"}).status_code == 200
