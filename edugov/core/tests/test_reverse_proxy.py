"""Behind a TLS-terminating reverse proxy (issue 13 L6): the production settings read the
proxy from the environment; the lockout and the audit take the client's address from a
trusted proxy only, so two clients behind one proxy do not lock each other out, and an
untrusted peer can forge neither its address nor HTTPS."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from edugov.accounts.models import LoginLock
from edugov.audit.models import AuditEvent
from edugov.conftest import PASSWORD
from edugov.core.proxies import client_address, parse_ssl_header, parse_trusted_proxies
from edugov.core.testing import production_env

REPO = Path(__file__).resolve().parents[3]
PROXY = "10.0.0.2"
BEHIND_PROXY = override_settings(EDUGOV_TRUSTED_PROXIES=("10.0.0.0/24",))
LOGIN = "/accounts/login/"


def _production(tmp_path, **extra) -> subprocess.CompletedProcess:
    env = production_env(str(tmp_path / "proxy.sqlite3"), **extra)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_PROXY_SSL_HEADER, list(s.EDUGOV_TRUSTED_PROXIES)]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_production_settings_read_the_proxy_from_the_environment(tmp_path):
    result = _production(
        tmp_path,
        EDUGOV_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https",
        EDUGOV_TRUSTED_PROXIES="10.0.0.2, 10.1.0.0/16,::1",
    )
    assert result.returncode == 0, result.stderr
    header, proxies = json.loads(result.stdout)
    assert header == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert proxies == ["10.0.0.2/32", "10.1.0.0/16", "::1/128"]


def test_without_a_proxy_the_production_settings_trust_none(tmp_path):
    result = _production(tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [None, []]


@pytest.mark.parametrize(
    "env",
    [
        {"EDUGOV_TRUSTED_PROXIES": "10.0.0.2, proxy.internal"},
        {"EDUGOV_TRUSTED_PROXIES": "10.0.0.5/8"},
        {"EDUGOV_TRUSTED_PROXIES": "10.0.0.2", "EDUGOV_PROXY_SSL_HEADER": "X-Forwarded-Proto"},
        {"EDUGOV_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https"},  # no proxy named
    ],
)
def test_a_bad_proxy_setting_refuses_to_start(tmp_path, env):
    result = _production(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PROXY" in result.stderr.upper()


def test_the_setting_parsers():
    assert parse_trusted_proxies(" ") == ()
    assert parse_ssl_header("HTTP_X_FORWARDED_PROTO = https") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert parse_ssl_header("") is None


TRUSTED = ("10.0.0.0/24", "192.0.2.10/32")


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),
        # Two proxies (a CDN edge, then nginx): trusted hops are skipped from the right.
        ("10.0.0.2", "203.0.113.5, 192.0.2.10", "203.0.113.5"),
        # The client's own forged entries lie left of the one our proxy appended.
        ("10.0.0.2", "1.2.3.4, 10.0.0.77, 203.0.113.5", "203.0.113.5"),
        # An untrusted peer's header is ignored altogether.
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),
        ("198.51.100.7", "10.0.0.3", "198.51.100.7"),
        # A malformed hop ends the walk at the last address a trusted proxy vouched for.
        ("10.0.0.2", "203.0.113.5, garbage", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("::ffff:10.0.0.2", "203.0.113.5", "203.0.113.5"),
    ],
)
def test_the_client_address_walks_x_forwarded_for_from_the_right(remote, forwarded, client):
    assert client_address(remote, forwarded, TRUSTED) == client


def _login(client, password, *, remote, forwarded="", **extra):
    return client.post(
        LOGIN,
        {"username": "donghu_admin", "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
        **extra,
    )


@BEHIND_PROXY
def test_two_clients_behind_one_proxy_do_not_lock_each_other_out(cast):
    # Behind a chain: a CDN edge (10.0.0.9) forwards to nginx (10.0.0.2), both trusted.
    for _ in range(5):
        _login(Client(), "wrong", remote=PROXY, forwarded="203.0.113.5, 10.0.0.9")
    assert set(LoginLock.objects.values_list("ip", flat=True)) == {"203.0.113.5"}
    locked = _login(Client(), PASSWORD, remote=PROXY, forwarded="203.0.113.5, 10.0.0.9")
    assert locked.status_code == 200 and b"login-error" in locked.content
    other = _login(Client(), PASSWORD, remote=PROXY, forwarded="203.0.113.6, 10.0.0.9")
    assert other.status_code == 302
    event = AuditEvent.objects.filter(event_type="login.success").get()
    assert event.ip == "203.0.113.6"


@BEHIND_PROXY
@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_SSL_REDIRECT=True
)
def test_an_untrusted_peer_can_forge_neither_its_address_nor_https(cast):
    for n in range(5):
        _login(
            Client(),
            "wrong",
            remote="198.51.100.7",
            forwarded=f"203.0.113.{n}",
            HTTP_X_FORWARDED_PROTO="https",
            secure=True,
        )
    assert set(LoginLock.objects.values_list("ip", flat=True)) == {"198.51.100.7"}
    # Not sent over TLS, a forged X-Forwarded-Proto does not pass for HTTPS...
    direct = Client().get(LOGIN, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301 and direct["Location"].startswith("https://")
    # ...while our proxy's does (no redirect loop behind it).
    proxied = Client().get(LOGIN, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
