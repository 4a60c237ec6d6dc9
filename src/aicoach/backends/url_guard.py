"""Refuse server base URLs that point at link-local or cloud metadata addresses.

Such addresses (169.254.169.254, fd00:ec2::254, metadata.google.internal, ...) hold cloud
credentials; a coach must never send a conversation there, whatever its configuration says.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from aicoach.errors import UserError

METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.internal",
    }
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("100.100.100.200", "fd00:ec2::254", "192.0.0.192")
)


def check_base_url(url: str) -> str:
    """``url`` unchanged when it is an http(s) URL to an allowed host; ``UserError`` if not."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UserError(f"base URL {url!r}: give an http:// or https:// URL with a host")
    host = parts.hostname.lower().rstrip(".")
    if host in METADATA_HOSTS:
        raise UserError(f"base URL {url!r} points at a cloud metadata service; refused")
    for address in _addresses(host):
        if address.is_link_local or address in METADATA_ADDRESSES:
            raise UserError(
                f"base URL {url!r} points at a link-local or metadata address ({address}); refused"
            )
    return url


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The literal address, or what the name resolves to (nothing when it does not resolve)."""
    try:
        found = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except (OSError, UnicodeError):
            return []
        found = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    mapped = [a.ipv4_mapped for a in found if isinstance(a, ipaddress.IPv6Address)]
    return found + [a for a in mapped if a is not None]
