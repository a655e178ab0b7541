"""Finding L4: a client's X-Request-ID reaches the audit trail only when well-formed."""

import pytest
from django.urls import reverse

from edugov.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _request_id_recorded(client, header: str) -> tuple[str, str]:
    response = client.get(reverse("audit:list"), HTTP_X_REQUEST_ID=header)
    event = AuditEvent.objects.order_by("-seq").first()
    return event.request_id, response["X-Request-ID"]


@pytest.mark.parametrize(
    "header",
    ["req-12345678\n", "req-12345678\r\nX-Forged: 1", "a" * 65, "id with spaces", "<script>"],
)
def test_a_malformed_request_id_is_replaced_by_a_generated_one(cast, client_for, header):
    stored, echoed = _request_id_recorded(client_for(cast.auditadmin), header)
    assert stored == echoed and stored != header and len(stored) == 32
    assert stored.isalnum()


@pytest.mark.parametrize("header", ["lb.2026-12-06_0001", "a", "A" * 64])
def test_a_well_formed_request_id_is_kept(cast, client_for, header):
    assert _request_id_recorded(client_for(cast.auditadmin), header) == (header, header)
