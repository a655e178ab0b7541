"""Field encryption and blind indexes for personal data (GB/T 22239 §8.1.4.8, PIPL).

The envelope stored in the database is the base64 of::

    version(1) | kid_len(1) | kid | nonce(12) | ciphertext | tag(16)

``version`` names the cipher (1 = AES-256-GCM, 2 = SM4-GCM), ``kid`` the key it was
written with, so that old values stay readable while ``manage.py rotate_keys`` moves them
to the current key, and switching ``EDUGOV_FIELD_CIPHER`` needs no flag day. The nonce is
random per value (equal plaintexts give different ciphertexts). The associated data is
the header plus the column's ``app_label.model.field``: a ciphertext copied into another
column fails its tag like a tampered one.

Keys live outside the database: ``EDUGOV_DATA_KEYS`` (``kid:base64,kid:base64``, first is
current) or ``EDUGOV_DATA_KEY_FILE`` (one ``kid:base64`` per line, mode 0600), and the
blind-index key ``EDUGOV_INDEX_KEY`` (or an ``index:base64`` line in the key file). Each
keyring key is 32 random bytes; the per-cipher key is derived with HKDF so that one key
is never used directly by two ciphers.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import os
import re
import stat
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
CIPHERS = {"aes-256-gcm": 1, "sm4-gcm": 2}
_CIPHER_NAMES = {v: k for k, v in CIPHERS.items()}
_KID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
INDEX_KID = "index"


class KeyConfigError(Exception):
    """The keyring is missing or malformed (the message never contains key material)."""


class DecryptionError(Exception):
    """A stored value cannot be decrypted: tampered, moved from another column, or
    written with a key that is no longer in the keyring. Never returns garbage."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    current: str
    index_key: bytes
    cipher: str = "aes-256-gcm"


def _b64key(kid: str, text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyConfigError(f"key {kid!r} is not valid base64")
    if len(key) != KEY_BYTES:
        raise KeyConfigError(f"key {kid!r} must be {KEY_BYTES} bytes, not {len(key)}")
    return key


def keys_by_id(pairs: list[tuple[str, bytes]], what: str) -> dict[str, bytes]:
    """``{kid: key}`` from parsed pairs, refusing an id given twice (which of the two
    would decrypt, or verify, is otherwise an accident of order)."""
    keys: dict[str, bytes] = {}
    for kid, key in pairs:
        if kid in keys:
            raise KeyConfigError(f"{what} id {kid!r} appears twice")
        keys[kid] = key
    return keys


def _parse_pairs(entries: list[str]) -> list[tuple[str, bytes]]:
    pairs: list[tuple[str, bytes]] = []
    for entry in entries:
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        kid, sep, text = entry.partition(":")
        kid = kid.strip()
        if not sep or not _KID.match(kid):
            raise KeyConfigError("each key must be written kid:base64key")
        pairs.append((kid, _b64key(kid, text)))
    return pairs


def read_key_file(path: str) -> list[str]:
    """The key file's lines; refused unless only its owner can read it (0600)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        raise KeyConfigError("EDUGOV_DATA_KEY_FILE does not exist or cannot be read")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyConfigError("EDUGOV_DATA_KEY_FILE must be readable by its owner only (0600)")
    with open(path, encoding="ascii") as fh:
        return fh.read().splitlines()


def load_keyring(
    data_keys: str = "", key_file: str = "", index_key: str = "", cipher: str = "aes-256-gcm"
) -> Keyring:
    """Build the keyring from settings values; raises ``KeyConfigError`` when unusable."""
    if cipher not in CIPHERS:
        raise KeyConfigError(f"EDUGOV_FIELD_CIPHER must be one of {sorted(CIPHERS)}")
    entries = [e for e in data_keys.split(",") if e.strip()]
    if key_file:
        entries += read_key_file(key_file)
    pairs = _parse_pairs(entries)
    index = [key for kid, key in pairs if kid == INDEX_KID]
    pairs = [(kid, key) for kid, key in pairs if kid != INDEX_KID]
    if not pairs:
        raise KeyConfigError("no data key: set EDUGOV_DATA_KEYS or EDUGOV_DATA_KEY_FILE")
    keys = keys_by_id(pairs, "key")
    if index_key:
        index = [_b64key(INDEX_KID, index_key)]
    if not index:
        raise KeyConfigError("no blind-index key: set EDUGOV_INDEX_KEY")
    if any(hmac.compare_digest(index[0], k) for k in keys.values()):
        raise KeyConfigError("the blind-index key must differ from every data key")
    return Keyring(keys=keys, current=pairs[0][0], index_key=index[0], cipher=cipher)


_KEY_SETTINGS = (
    "EDUGOV_DATA_KEYS",
    "EDUGOV_DATA_KEY_FILE",
    "EDUGOV_INDEX_KEY",
    "EDUGOV_FIELD_CIPHER",
)
_cache: Keyring | None = None


def keyring() -> Keyring:
    """The keyring of the current settings, loaded once; a test that overrides one of
    the key settings drops it (``setting_changed``). Reading the four settings on every
    call cost an import of 100,000 students about a second."""
    global _cache
    if _cache is None:
        from django.conf import settings

        _cache = load_keyring(
            getattr(settings, "EDUGOV_DATA_KEYS", ""),
            getattr(settings, "EDUGOV_DATA_KEY_FILE", ""),
            getattr(settings, "EDUGOV_INDEX_KEY", ""),
            getattr(settings, "EDUGOV_FIELD_CIPHER", "aes-256-gcm"),
        )
    return _cache


def forget_keyring(*, setting: str = "", **_kwargs) -> None:
    """Drop the loaded keyring when a key setting changes (connected in CoreConfig)."""
    global _cache
    if not setting or setting in _KEY_SETTINGS:
        _cache = None


@functools.lru_cache(maxsize=64)
def _derived(key: bytes, cipher: str) -> bytes:
    # Cached: the derivation is deterministic per (key, cipher), and an import of 100,000
    # students derived it 300,000 times (~15% of the import's time).
    length = 32 if cipher == "aes-256-gcm" else 16
    return HKDF(
        algorithm=hashes.SHA256(), length=length, salt=None, info=f"edugov/{cipher}".encode()
    ).derive(key)


@functools.lru_cache(maxsize=64)
def _aesgcm(key: bytes) -> AESGCM:
    """One AES-GCM context per derived key (it holds the key schedule, no nonce state)."""
    return AESGCM(key)


def _seal(cipher: str, key: bytes, nonce: bytes, data: bytes, ad: bytes) -> bytes:
    if cipher == "aes-256-gcm":
        return _aesgcm(key).encrypt(nonce, data, ad)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(ad)
    return enc.update(data) + enc.finalize() + enc.tag


def _open(cipher: str, key: bytes, nonce: bytes, sealed: bytes, ad: bytes) -> bytes:
    if cipher == "aes-256-gcm":
        return _aesgcm(key).decrypt(nonce, sealed, ad)
    body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(ad)
    return dec.update(body) + dec.finalize()


@functools.lru_cache(maxsize=64)
def _header(version: int, kid: str) -> bytes:
    raw = kid.encode("ascii")
    return bytes([version, len(raw)]) + raw


def encrypt(plaintext: str, context: str, ring: Keyring | None = None) -> str:
    """Encrypt ``plaintext`` for the column named ``context`` under the current key."""
    ring = ring or keyring()
    version = CIPHERS[ring.cipher]
    header = _header(version, ring.current)
    nonce = os.urandom(NONCE_BYTES)
    key = _derived(ring.keys[ring.current], ring.cipher)
    sealed = _seal(ring.cipher, key, nonce, plaintext.encode("utf-8"), header + context.encode())
    return base64.b64encode(header + nonce + sealed).decode("ascii")


@dataclass(frozen=True)
class Envelope:
    version: int
    kid: str
    nonce: bytes
    sealed: bytes
    header: bytes

    @property
    def cipher(self) -> str:
        return _CIPHER_NAMES[self.version]


def parse_envelope(token: str, context: str = "") -> Envelope:
    where = f" in {context}" if context else ""
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError(f"stored value{where} is not an encrypted envelope")
    if len(raw) < 2 or raw[0] not in _CIPHER_NAMES:
        raise DecryptionError(f"stored value{where} has an unknown envelope version")
    kid_len = raw[1]
    if len(raw) < 2 + kid_len + NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(f"stored value{where} is truncated")
    kid = raw[2 : 2 + kid_len].decode("ascii", errors="replace")
    body = raw[2 + kid_len :]
    return Envelope(raw[0], kid, body[:NONCE_BYTES], body[NONCE_BYTES:], raw[: 2 + kid_len])


def decrypt(token: str, context: str, ring: Keyring | None = None) -> str:
    """The plaintext of an envelope written for ``context``; ``DecryptionError`` if the
    value was tampered with, belongs to another column, or its key is gone."""
    ring = ring or keyring()
    env = parse_envelope(token, context)
    if env.kid not in ring.keys:
        raise DecryptionError(f"stored value in {context} uses key {env.kid!r}, not in the keyring")
    key = _derived(ring.keys[env.kid], env.cipher)
    try:
        data = _open(env.cipher, key, env.nonce, env.sealed, env.header + context.encode())
    except InvalidTag:
        raise DecryptionError(
            f"stored value in {context} failed authentication "
            "(tampered, or copied from another column)"
        )
    return data.decode("utf-8")


def needs_rotation(token: str, ring: Keyring | None = None) -> bool:
    """Was this envelope written with another key or cipher than the current ones?"""
    ring = ring or keyring()
    env = parse_envelope(token)
    return env.kid != ring.current or env.cipher != ring.cipher


# Blind index ------------------------------------------------------------------------


def normalise(value: str, kind: str) -> str:
    """The form two spellings of one value share before hashing."""
    from edugov.engines.codes import normalise_id_number

    if kind in ("id", "student_number"):
        return normalise_id_number(value)
    if kind == "phone":
        return "".join(ch for ch in value if ch.isdigit())
    return " ".join(value.split())


def blind_index(value: str, kind: str, ring: Keyring | None = None) -> str:
    """HMAC-SHA256 (index key, kept apart from the data keys) of the normalised value:
    equal for equal values whatever their spacing or case, useless without the key."""
    ring = ring or keyring()
    msg = f"{kind}\x00{normalise(value, kind)}".encode()
    return hmac.digest(ring.index_key, msg, "sha256").hex()  # one-shot: no HMAC object


def generate_key() -> str:
    """A new random key in the keyring's base64 form (for operators' tooling)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")
