"""Built-in roles are brought exactly to their declaration on every migrate."""

import dataclasses

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from edugov.accounts import roles
from edugov.accounts.models import Role

pytestmark = pytest.mark.django_db


def _perms(code: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Role.objects.get(code=code).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_a_role_narrowed_in_code_loses_the_permission_on_the_next_migrate(monkeypatch):
    assert "academics.view_exam" in _perms("teacher")
    custom = Role.objects.create(code="exam_reader", name="成绩查阅")
    custom.permissions.add(Permission.objects.get(codename="view_exam"))
    narrowed = tuple(
        dataclasses.replace(s, grants=tuple(g for g in s.grants if g[0] != "academics"))
        if s.code == "teacher"
        else s
        for s in roles.BUILTIN_ROLES
    )
    monkeypatch.setattr(roles, "BUILTIN_ROLES", narrowed)
    roles.sync_builtin_roles()  # what post_migrate runs
    assert not any(p.startswith("academics.") for p in _perms("teacher"))
    assert "students.view_student" in _perms("teacher")
    # A role the security admin made is hers: migrate leaves it alone.
    assert _perms("exam_reader") == {"academics.view_exam"}


def test_one_migrate_or_flush_syncs_the_roles_once_after_every_app_made_its_permissions(
    monkeypatch,
):
    from django.core.management.sql import emit_post_migrate_signal

    synced: list[str] = []
    real = roles.permissions_for
    monkeypatch.setattr(
        roles, "permissions_for", lambda spec: synced.append(spec.code) or real(spec)
    )
    # A permission created by the last app's post_migrate must be in time for the sync.
    Permission.objects.filter(codename="view_exam").delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert sorted(synced) == sorted(spec.code for spec in roles.BUILTIN_ROLES)
    assert "academics.view_exam" in _perms("teacher")


def test_a_new_app_grants_nothing_to_a_role_that_does_not_name_it():
    newcomer = ContentType.objects.create(app_label="newmodule", model="case")
    Permission.objects.create(content_type=newcomer, codename="view_case", name="view case")
    roles.sync_builtin_roles()
    holders = Role.objects.filter(builtin=True, permissions__content_type=newcomer)
    assert not holders.exists()
    # And every permission a built-in role holds comes from an app it names.
    for spec in roles.BUILTIN_ROLES:
        named = {target.partition(".")[0] for target, _ in spec.grants}
        named |= {p.partition(".")[0] for p in roles.EXTRA_PERMISSIONS.get(spec.code, ())}
        assert {p.partition(".")[0] for p in _perms(spec.code)} <= named, spec.code


def test_the_teacher_and_the_counselor_differ(cast, client):
    from edugov.conftest import session_login

    teacher, counselor = _perms("teacher"), _perms("counselor")
    assert teacher != counselor
    # Exam results are the teacher's, not the counselor's.
    assert "academics.view_exam" in teacher and "academics.view_exam" not in counselor
    session_login(client, cast.counselor)
    assert client.get("/academics/").status_code == 404
