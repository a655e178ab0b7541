"""A server process does Django's lazy first-request work when it starts (issue 15: the
home page's 150 ms count from the first request after start): loading ``edugov.wsgi``
(what gunicorn's workers and ``runserver`` do before serving) builds every namespace's
URL tables in each language and compiles the project's templates, so the first request
builds and compiles nothing; and it freezes what startup made out of the collector's
full passes (a full collection in the first request cost 70–150 ms)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from edugov.core.startup import project_templates

REPO = Path(__file__).resolve().parents[3]

FIRST_REQUESTS = """
import gc, json
import django
django.setup()
from django.template import base
from django.urls import resolvers

if {load_wsgi}:
    import edugov.wsgi  # noqa: F401

work = {{"url_tables": 0, "templates": 0}}
populate, compile_nodelist = resolvers.URLResolver._populate, base.Template.compile_nodelist

def counted_populate(self):
    work["url_tables"] += 1
    return populate(self)

def counted_compile(self):
    work["templates"] += 1
    return compile_nodelist(self)

resolvers.URLResolver._populate = counted_populate
base.Template.compile_nodelist = counted_compile
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
client.handler.load_middleware()  # as the WSGI handler does when it is created
for language in ("zh-hans", "en"):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
print(json.dumps({{**work, "frozen": gc.get_freeze_count()}}))
"""


def _first_requests(tmp_path, *, load_wsgi: bool) -> dict:
    env = {
        **__import__("os").environ,
        "DJANGO_SETTINGS_MODULE": "edugov.settings.demo",
        "EDUGOV_SQLITE_PATH": str(tmp_path / "startup.sqlite3"),
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_REQUESTS.format(load_wsgi=load_wsgi)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_started_server_builds_no_url_table_and_compiles_no_template_in_its_first_requests(
    tmp_path,
):
    started = _first_requests(tmp_path, load_wsgi=True)
    assert (started["url_tables"], started["templates"]) == (0, 0), started
    assert started["frozen"] > 10_000  # the modules, classes and templates of startup
    # Without the warm-up the same two requests do that work (the check can fail).
    bare = _first_requests(tmp_path, load_wsgi=False)
    assert bare["url_tables"] > 0 and bare["templates"] > 0, bare


def test_the_warm_up_compiles_the_projects_own_templates():
    names = project_templates()
    assert "core/home.html" in names and "workplan/home/plan.html" in names
    assert not [n for n in names if n.startswith(("admin/", "django_tables2/", "rest_framework/"))]
