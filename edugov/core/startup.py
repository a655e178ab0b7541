"""What a server process does once when it starts, so its first request is not slower than
the next (issue 15: the home page's 150 ms are counted from the first request after start).

Django does a good deal of work lazily, on the first request that needs it: importing the
URL conf and every view module, building the reverse-lookup tables of each language,
reading the translation catalogues, compiling templates. On the demo that was about
350 ms of the city leader's first home page, and a full collection of the garbage
collector's oldest generation (every object the imports made) added 70–150 ms more.

``warm_up`` does that work when the WSGI application is created (``edugov/wsgi.py``:
gunicorn's workers and ``runserver`` both load it before serving) and then moves every
object alive at that point out of the collector's reach (``gc.freeze``): modules, classes
and compiled templates live as long as the process, so scanning them again on each full
collection finds nothing. No data is read and nothing a request shows is kept: the figures
are computed per request.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation


def project_templates() -> list[str]:
    """The names of edugov's own templates (its apps' ``templates/`` and the project's
    template directories), not third-party ones the project never renders."""
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if app.name.startswith("edugov.")
    ]
    names = set()
    for root in dirs:
        if root.is_dir():
            names.update(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    return sorted(names)


def _namespaces(resolver, prefix: str = ""):
    for name, (_pattern, sub) in resolver.namespace_dict.items():
        yield prefix + name
        yield from _namespaces(sub, f"{prefix}{name}:")


def _reverse_tables() -> None:
    """Build the active language's reverse-lookup tables: the root resolver's, then each
    namespace's. ``reverse("ns:…")`` goes through a resolver made per namespace
    (``get_ns_resolver``) that builds its own table on its first use, so one lookup of a
    name no namespace has builds it (the home page's menu reverses a dozen namespaces)."""
    for namespace in list(_namespaces(get_resolver())):
        with contextlib.suppress(NoReverseMatch):  # no such name: the table is built
            reverse(f"{namespace}:edugov-warm-up")


def warm_up() -> dict[str, int]:
    """Load the URL conf, each language's URL tables and catalogue, compile edugov's
    templates, then freeze the collector's view of what startup made. Returns counts for
    a log line and the tests."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # loads the language's merged catalogue
            _reverse_tables()  # imports the URL conf on the first pass
    templates = project_templates()
    for name in templates:
        get_template(name)  # the cached loader keeps the compiled template
    gc.collect()
    gc.freeze()
    return {"languages": len(settings.LANGUAGES), "templates": len(templates)}
