"""Who is really on the other end when edugov runs behind a TLS-terminating reverse proxy.

No Django imports: the production settings parse their environment with these functions.

Only a proxy the deployment names (``EDUGOV_TRUSTED_PROXIES``) is believed. Its
``X-Forwarded-For`` is read from the right, because each proxy appends the address it saw:
the rightmost entry that is not itself a trusted proxy is the client. Entries further left
were written by the client and may be anything, so they are never used. Without this the
login lockout is keyed on the proxy's address, and one attacker locks a username for
everyone (issue 13 L6).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_META_HEADER = re.compile(r"^HTTP_[A-Z0-9_]+$")


def parse_trusted_proxies(value: str) -> tuple[str, ...]:
    """``"10.0.0.2, 10.1.0.0/16"`` → ``("10.0.0.2/32", "10.1.0.0/16")``.

    A network with host bits set (``10.0.0.5/8``) is refused rather than widened: it is
    more likely a typo than a wish to trust sixteen million addresses.
    """
    networks = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=True)))
        except ValueError:
            raise ValueError(f"not an IP address or network: {item!r}") from None
    return tuple(networks)


def parse_ssl_header(value: str) -> tuple[str, str] | None:
    """``"HTTP_X_FORWARDED_PROTO=https"`` → Django's ``SECURE_PROXY_SSL_HEADER``."""
    value = value.strip()
    if not value:
        return None
    name, sep, expected = (part.strip() for part in value.partition("="))
    if not sep or not expected or not _META_HEADER.match(name):
        raise ValueError(
            f"expected HTTP_<HEADER>=<value>, e.g. HTTP_X_FORWARDED_PROTO=https, not {value!r}"
        )
    return name, expected


@functools.lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(t, strict=False) for t in trusted)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address: str, trusted: Iterable[str]) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in n for n in _networks(tuple(trusted)))


def client_address(remote: str, forwarded: str, trusted: Iterable[str]) -> str:
    """The client's address: ``remote`` (REMOTE_ADDR) unless that is a trusted proxy; then
    the rightmost ``X-Forwarded-For`` hop that is not a trusted proxy.

    A hop that is not an address stops the walk at the last address a trusted proxy
    vouched for: it is malformed, and anything left of it came from the client.
    """
    trusted = tuple(trusted)
    if not trusted or not is_trusted(remote, trusted):
        return remote
    client = remote
    for hop in reversed(forwarded.split(",")):
        if not hop.strip():
            continue
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not is_trusted(client, trusted):
            break
    return client
