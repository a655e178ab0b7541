import pytest


@pytest.fixture(autouse=True)
def _today(settings):
    # Casework's calendar knows 2004–2026: the module's tests live in 2023.
    settings.EDUGOV_TODAY = "2023-09-25"
