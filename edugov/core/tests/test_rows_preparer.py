"""``rows_preparer`` sends what ``Model.save`` would: the shortcut for values the
database takes as they are must not change a single value."""

from decimal import Decimal

import pytest
from django.db import connection

from edugov.core.io.bulk import rows_preparer
from edugov.registry.models import AnnualStatistics
from edugov.students.models import Student

pytestmark = pytest.mark.django_db


def _orm(fields, obj, add):
    return tuple(f.get_db_prep_save(f.pre_save(obj, add), connection) for f in fields)


def _sent(row):
    """What the driver sends: psycopg wraps JSON in a ``Jsonb`` adapter, a new object each
    time (equal only by its ``obj``), and ints in ``Int4``/``Int2`` (equal to the int)."""
    return tuple(getattr(v, "obj", v) for v in row)


@pytest.mark.parametrize("add", [True, False])
def test_it_sends_what_the_orm_sends(cast, add):
    fields = tuple(f for f in AnnualStatistics._meta.concrete_fields if not f.primary_key)
    rows = [
        # The types a parser gives.
        AnnualStatistics(school=cast.donghu_school, year=2023, g1=45, floor_area=Decimal("1.50"),
                         class_sizes_primary=[45, 44]),
        # Values of other types (a str in an integer field, a float in a decimal one,
        # None where null is allowed): the ORM's conversion, not the shortcut.
        AnnualStatistics(school_id=cast.donghu_school.pk, year="2024", g1="7", g2=None,
                         floor_area=2.5, status="draft"),
    ]  # fmt: skip
    expected = [_orm(fields, obj, add) for obj in rows]
    got = rows_preparer(fields, add=add)(rows)
    assert [_sent(r) for r in got] == [_sent(r) for r in expected]


def test_a_batch_has_one_timestamp(cast):
    # auto_now fields are taken once per batch: one import, one time.
    stamped = [
        f
        for f in Student._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    assert stamped  # created and updated
    rows = [Student(school=cast.donghu_school), Student(school=cast.donghu_school)]
    out = rows_preparer(tuple(stamped), add=True)(rows)
    assert out[0] == out[1] and out[0][0] is not None
    assert rows[0].__dict__[stamped[0].attname] == rows[1].__dict__[stamped[0].attname]


def test_instance_builder_gives_what_the_keyword_constructor_gives(cast):
    from edugov.core.io.bulk import instance_builder

    values = {"school": cast.donghu_school, "year": 2023, "g1": 45, "class_sizes_primary": [45]}
    built = instance_builder(AnnualStatistics)(values)
    expected = AnnualStatistics(**values)
    for f in AnnualStatistics._meta.concrete_fields:
        assert getattr(built, f.attname) == getattr(expected, f.attname), f.name
    assert built.school is cast.donghu_school  # the object kept, not reloaded
    with pytest.raises(TypeError):
        instance_builder(AnnualStatistics)({"no_such_field": 1})


@pytest.mark.parametrize("add", [True, False])
def test_encrypted_columns_hold_what_the_orm_writes(cast, add):
    # An encrypted text field's value goes straight to its get_prep_value: the envelope
    # differs each time (a random nonce), the plaintext and its column's context do not.
    from edugov.core import crypto
    from edugov.core.fields import EncryptedTextField

    fields = tuple(f for f in Student._meta.concrete_fields if not f.primary_key)
    encrypted = [i for i, f in enumerate(fields) if isinstance(f, EncryptedTextField)]
    assert len(encrypted) >= 5
    rows = [
        Student(school=cast.donghu_school, name="张三", id_number="", guardian_phone="138"),
        Student(school=cast.donghu_school, name="李四", home_address=None),
    ]
    expected = [_orm(fields, obj, add) for obj in rows]
    got = rows_preparer(fields, add=add)(rows)
    for want, row in zip(expected, got, strict=True):
        for i in encrypted:
            context = fields[i].context()
            if want[i] in (None, ""):
                assert row[i] == want[i], fields[i].name
            else:
                assert row[i] != want[i]  # a fresh nonce
                assert crypto.decrypt(row[i], context) == crypto.decrypt(want[i], context)
        # Timestamps aside: the ORM's path here took its own, a moment earlier.
        others = [
            i
            for i, f in enumerate(fields)
            if i not in encrypted
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]
        assert [_sent(row)[i] for i in others] == [_sent(want)[i] for i in others]
