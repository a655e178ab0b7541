"""Finding L4: the request context that audit events read — a client's X-Request-ID
only when well-formed, and the user who really made the request."""

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


def test_an_api_write_with_a_token_is_audited_as_the_token_user(cast):
    from edugov.conftest import token_client

    client = token_client(cast.donghu_officer)
    response = client.patch(f"/api/units/{cast.donghu_school.pk}/", {"enrolment": 5})
    assert response.status_code == 200
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.event_type, event.actor_username, event.actor_id) == (
        "update",
        "donghu_admin",
        cast.donghu_officer.pk,
    )
