"""Reusable permission tests: a module's test class names its views, an object in the
user's scope and one outside it, and gets "in scope → 200, out of scope → 404" for the
list, detail, edit and export views for free (the NetBox ViewTestCases idea)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.urls import reverse

# Each test of the mixin and the URL attribute it needs.
CHECKS = {
    "test_the_list_shows_in_scope_rows_only": "list_url",
    "test_the_detail_page_answers_200_in_scope_and_404_outside": "detail_url",
    "test_the_edit_page_answers_200_in_scope_and_404_outside": "edit_url",
    "test_the_export_contains_in_scope_rows_only": "export_url",
}


class ScopedViewTests:
    """Mix into a pytest class and implement ``objects(cast) -> (user, inside, outside)``.

    ``list_url``/``export_url`` are URL names; ``detail_url``/``edit_url`` take a pk.
    An unset URL fails its test: a check that silently passed on nothing is how a new
    page escaped its scope test. Where a check truly does not apply (the model has no
    edit page, the user holds no export permission), name the test in
    ``not_applicable = {"test_...": "reason"}``; it is then reported as skipped with
    that reason. Naming a test whose URL is set is an error too.
    """

    list_url: ClassVar[str] = ""
    detail_url: ClassVar[str] = ""
    edit_url: ClassVar[str] = ""
    export_url: ClassVar[str] = ""
    not_applicable: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for test, reason in cls.not_applicable.items():
            if test not in CHECKS:
                raise TypeError(f"{cls.__name__}.not_applicable: no check named {test!r}")
            if not str(reason).strip():
                raise TypeError(f"{cls.__name__}.not_applicable[{test!r}] needs a reason")

    def _url_for(self, test: str) -> str:
        url = getattr(self, CHECKS[test])
        reason = self.not_applicable.get(test)
        if reason is not None:
            if url:
                pytest.fail(f"{test} is marked not applicable but {CHECKS[test]} is set")
            pytest.skip(f"not applicable: {reason}")
        if not url:
            pytest.fail(
                f"{type(self).__name__}.{CHECKS[test]} is unset: set it, or name "
                f"{test} in not_applicable with the reason"
            )
        return url

    def objects(self, cast) -> tuple[Any, Any, Any]:
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj.code if hasattr(obj, "code") else obj.pk)

    def test_the_list_shows_in_scope_rows_only(self, cast, client_for):
        url = self._url_for("test_the_list_shows_in_scope_rows_only")
        user, inside, outside = self.objects(cast)
        response = client_for(user).get(reverse(url), {"per_page": 500})
        assert response.status_code == 200
        body = response.content.decode()
        assert self.label(inside) in body
        assert self.label(outside) not in body

    def test_the_detail_page_answers_200_in_scope_and_404_outside(self, cast, client_for):
        url = self._url_for("test_the_detail_page_answers_200_in_scope_and_404_outside")
        user, inside, outside = self.objects(cast)
        client = client_for(user)
        assert client.get(reverse(url, args=[inside.pk])).status_code == 200
        assert client.get(reverse(url, args=[outside.pk])).status_code == 404

    def test_the_edit_page_answers_200_in_scope_and_404_outside(self, cast, client_for):
        url = self._url_for("test_the_edit_page_answers_200_in_scope_and_404_outside")
        user, inside, outside = self.objects(cast)
        client = client_for(user)
        assert client.get(reverse(url, args=[inside.pk])).status_code == 200
        assert client.get(reverse(url, args=[outside.pk])).status_code == 404
        assert client.post(reverse(url, args=[outside.pk]), {}).status_code == 404

    def test_the_export_contains_in_scope_rows_only(self, cast, client_for):
        url = self._url_for("test_the_export_contains_in_scope_rows_only")
        user, inside, outside = self.objects(cast)
        response = client_for(user).get(reverse(url), {"format": "csv"})
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert self.label(inside) in body
        assert self.label(outside) not in body


def production_env(db_path: str, **extra: str) -> dict[str, str]:
    """The environment of a production process with every required secret set (test
    values), for tests that start one: one list, so a new required setting is added once
    (two copies drifted apart when the audit key became required)."""
    import base64
    import os

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "edugov.settings.production",
        "EDUGOV_SECRET_KEY": "k" * 20 + "Q9#x" * 10 + "z" * 10,
        "EDUGOV_ALLOWED_HOSTS": "edugov.example.gov.cn",
        "EDUGOV_DB": "sqlite",
        "EDUGOV_SQLITE_PATH": db_path,
        "EDUGOV_DATA_KEYS": "k1:" + base64.b64encode(b"d" * 32).decode(),
        "EDUGOV_INDEX_KEY": base64.b64encode(b"i" * 32).decode(),
        "EDUGOV_AUDIT_KEY": "a1:" + base64.b64encode(b"a" * 32).decode(),
        **extra,
    }
    env.pop("EDUGOV_DB_URL", None)
    return env


def world_module(config):
    """The app's ``tests/world.py``, or None when the app has none. An import error
    inside an existing world is raised, not taken for a missing world."""
    import importlib

    name = f"{config.name}.tests.world"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and name.startswith(exc.name):
            return None
        raise


def build_world(cast) -> None:
    """Rows of every scoped model inside and outside each cast member's scope: each app
    contributes a ``build(cast)`` in ``edugov/<app>/tests/world.py``. Tests take it
    through the ``world`` fixture, which builds it once per test module."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("edugov."):
            module = world_module(config)
            if module is not None:
                module.build(cast)


def world_params(values, ids, group: str, groups: int = 2) -> list:
    """``values`` (one tuple of arguments per case) as ``pytest.param``s split into ``groups`` xdist groups: under
    ``--dist loadgroup`` each group runs on one worker, so the ``world`` fixture is built
    once per group instead of once per case, and the groups still share the two cores."""
    return [
        pytest.param(
            *v,
            id=i,
            marks=pytest.mark.xdist_group(f"{group}-{n % groups}"),
        )
        for n, (v, i) in enumerate(zip(values, ids, strict=True))
    ]
