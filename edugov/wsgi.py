"""WSGI entry point (gunicorn's workers and ``runserver`` load it before serving)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edugov.settings.production")
application = get_wsgi_application()

# Django's lazy first-request work (URL conf, catalogues, templates), done before the
# first request rather than in it; see edugov/core/startup.py.
from edugov.core.startup import warm_up  # noqa: E402

warm_up()
