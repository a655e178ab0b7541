"""Finding L4: a client's X-Request-ID reaches the audit trail only when well-formed."""

import pytest
from django.urls import reverse

from edugov.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _request_id_recorded(client, header: str) -> tuple[str, str]:
    response = client.get(reverse("audit:list"), HTTP_X_REQUEST_ID=header)
    event = AuditEvent.objects.order_by("-seq").first()
    return event.request_id, response["X-Request-ID"]


def test_a_malformed_request_id_is_replaced_by_a_generated_one(cast, client_for):
    # The old check (``re.match`` with ``$``) let a trailing newline through: the id
    # reached the audit row and the response header (a 500 there).
    client = client_for(cast.auditadmin)
    for header in ("req-12345678\n", "req-12345678\r\nX-Forged: 1", "a" * 65, "a b", "<x>"):
        stored, echoed = _request_id_recorded(client, header)
        assert stored == echoed and stored != header and len(stored) == 32, header
        assert stored.isalnum()


def test_a_well_formed_request_id_is_kept(cast, client_for):
    client = client_for(cast.auditadmin)
    for header in ("lb.2026-12-06_0001", "a", "A" * 64):
        assert _request_id_recorded(client, header) == (header, header)
