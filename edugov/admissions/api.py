"""The admissions API: viewsets on the project router (see edugov/urls.py)."""

from rest_framework.routers import BaseRouter


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
