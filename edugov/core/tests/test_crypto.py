"""Field encryption, blind index and key rotation (core.crypto, core.fields)."""

import base64
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from edugov.core import crypto
from edugov.students.models import Student
from edugov.students.tests.conftest import make_id, make_student

pytestmark = pytest.mark.django_db


def key(label: str) -> str:
    return base64.b64encode(hashlib.sha256(label.encode()).digest()).decode()


def raw(student, column: str) -> str:
    table = Student._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [student.pk])  # noqa: S608
        return cur.fetchone()[0]


def write_raw(student, column: str, value: str) -> None:
    table = Student._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, student.pk])  # noqa: S608


def test_raw_sql_shows_no_plaintext(cast):
    s = make_student(cast.donghu_school, name="张三丰")
    table = Student._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {table} WHERE id = %s", [s.pk])  # noqa: S608
        row = " ".join(str(v) for v in cur.fetchone())
    for plain in (
        s.id_number,
        s.id_number[6:14] + s.id_number[14:],
        "张三丰",
        "张大山",
        "13812341234",
        "八一大道",
    ):
        assert plain not in row
    assert Student.objects.get(pk=s.pk).id_number == s.id_number  # and it reads back


def test_equal_plaintexts_give_different_ciphertexts(cast):
    a = make_student(cast.donghu_school, name="同名")
    b = make_student(cast.donghu_school, name="同名")
    assert raw(a, "name") != raw(b, "name")
    assert crypto.encrypt("x", "t.c") != crypto.encrypt("x", "t.c")


def test_a_tampered_ciphertext_raises_instead_of_returning_garbage(cast):
    s = make_student(cast.donghu_school)
    blob = bytearray(base64.b64decode(raw(s, "name")))
    blob[-20] ^= 0x01
    write_raw(s, "name", base64.b64encode(bytes(blob)).decode())
    with pytest.raises(crypto.DecryptionError, match="failed authentication"):
        Student.objects.get(pk=s.pk)


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(cast):
    s = make_student(cast.donghu_school)
    write_raw(s, "guardian_name", raw(s, "name"))  # same key, same model, other column
    with pytest.raises(crypto.DecryptionError):
        Student.objects.get(pk=s.pk)


def test_the_envelope_records_cipher_and_key_id(cast):
    s = make_student(cast.donghu_school)
    env = crypto.parse_envelope(raw(s, "id_number"))
    assert (env.cipher, env.kid, len(env.nonce)) == ("aes-256-gcm", "test1", 12)


def test_sm4_gcm_is_selectable_and_old_aes_values_stay_readable(cast, settings):
    old = make_student(cast.donghu_school, name="旧值")
    settings.EDUGOV_FIELD_CIPHER = "sm4-gcm"
    new = make_student(cast.donghu_school, name="新值")
    assert crypto.parse_envelope(raw(new, "name")).cipher == "sm4-gcm"
    assert crypto.parse_envelope(raw(old, "name")).cipher == "aes-256-gcm"
    assert Student.objects.get(pk=new.pk).name == "新值"
    assert Student.objects.get(pk=old.pk).name == "旧值"


def test_lookups_on_an_encrypted_field_are_refused(cast):
    with pytest.raises(FieldError):
        list(Student.objects.filter(name="张三丰"))
    assert Student.objects.filter(name__isnull=True).count() == 0


def test_rotate_keys_round_trips_and_the_old_key_can_go_afterwards(cast, settings):
    students = [
        make_student(cast.donghu_school, name=f"学生{i}", guardian_name="") for i in range(5)
    ]
    before = {s.pk: raw(s, "id_number") for s in students}
    settings.EDUGOV_DATA_KEYS = f"new2:{key('rotated')},test1:{key('edugov-test-data-1')}"
    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "2", stdout=out)
    # 5 students × (学籍号, name, ID, phone, address); blank guardian names are skipped.
    assert "students.student" in out.getvalue() and "25 re-encrypted" in out.getvalue()
    for s in students:
        assert raw(s, "id_number") != before[s.pk]
        assert crypto.parse_envelope(raw(s, "id_number")).kid == "new2"
    again = io.StringIO()
    call_command("rotate_keys", stdout=again)
    assert "0 re-encrypted" in again.getvalue().splitlines()[-1]
    settings.EDUGOV_DATA_KEYS = f"new2:{key('rotated')}"  # the old key removed
    for s in students:
        assert Student.objects.get(pk=s.pk).id_number == s.id_number


def test_rotate_keys_moves_values_to_the_configured_cipher(cast, settings):
    s = make_student(cast.donghu_school, name="换算法")
    settings.EDUGOV_FIELD_CIPHER = "sm4-gcm"
    call_command("rotate_keys", stdout=io.StringIO())
    env = crypto.parse_envelope(raw(s, "name"))
    assert (env.cipher, env.kid) == ("sm4-gcm", "test1")
    assert Student.objects.get(pk=s.pk).name == "换算法"


def test_without_the_old_key_unrotated_values_do_not_decrypt(cast, settings):
    s = make_student(cast.donghu_school)
    settings.EDUGOV_DATA_KEYS = f"new2:{key('rotated')}"
    with pytest.raises(crypto.DecryptionError, match="not in the keyring"):
        Student.objects.get(pk=s.pk)


def test_the_blind_index_ignores_spacing_and_case():
    idn = make_id(dt.date(2011, 1, 2))[:-1] + "X"
    variants = [idn, idn.lower(), f" {idn[:6]} {idn[6:14]} {idn[14:].lower()} "]
    assert len({crypto.blind_index(v, "id") for v in variants}) == 1
    assert crypto.blind_index(idn, "id") != crypto.blind_index(idn, "student_number")
    ring = crypto.load_keyring(f"a:{key('a')}", "", key("other-index"))
    assert crypto.blind_index(idn, "id", ring) != crypto.blind_index(idn, "id")


def test_the_keyring_refuses_bad_configurations(tmp_path):
    with pytest.raises(crypto.KeyConfigError, match="no data key"):
        crypto.load_keyring("", "", key("i"))
    with pytest.raises(crypto.KeyConfigError, match="blind-index"):
        crypto.load_keyring(f"a:{key('a')}", "", "")
    with pytest.raises(crypto.KeyConfigError, match="32 bytes"):
        crypto.load_keyring("a:" + base64.b64encode(b"short").decode(), "", key("i"))
    with pytest.raises(crypto.KeyConfigError, match="differ"):
        crypto.load_keyring(f"a:{key('a')}", "", key("a"))
    with pytest.raises(crypto.KeyConfigError, match="EDUGOV_FIELD_CIPHER"):
        crypto.load_keyring(f"a:{key('a')}", "", key("i"), "des")
    path = tmp_path / "keys"
    path.write_text(f"k1:{key('f1')}\nk0:{key('f0')}\nindex:{key('fi')}\n")
    os.chmod(path, 0o644)
    with pytest.raises(crypto.KeyConfigError, match="0600"):
        crypto.load_keyring("", str(path))
    os.chmod(path, 0o600)
    ring = crypto.load_keyring("", str(path))
    assert ring.current == "k1" and set(ring.keys) == {"k1", "k0"}


def test_production_refuses_to_start_without_keys():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("EDUGOV_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env["EDUGOV_SECRET_KEY"] = "x" * 60
    code = "import edugov.settings.production"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "personal-data keys" in result.stderr
    env["EDUGOV_DATA_KEYS"] = f"p1:{key('p1')}"
    env["EDUGOV_INDEX_KEY"] = key("pi")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "personal-data keys" not in result.stderr


@override_settings(EDUGOV_DATA_KEYS="")
def test_without_keys_nothing_is_written_in_clear(cast):
    with pytest.raises(crypto.KeyConfigError):
        make_student(cast.donghu_school)
