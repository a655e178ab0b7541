"""Rows for the authorization matrix: an audit event to find (or not)."""

from edugov.audit.services import audit_record


def build(cast) -> None:
    audit_record("test.event", object_type="org.unit", object_id=cast.donghu_school.pk)
