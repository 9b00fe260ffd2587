"""Who is calling: the peer, or, behind a trusted reverse proxy, the client it forwarded for.

X-Forwarded-For and X-Forwarded-Proto are believed only when the connection itself comes from an
address in TRUSTED_PROXIES; from anyone else they are ignored, so a client cannot choose the address
its rate limits are counted against. Rate limits count an IPv6 client by its /64: one household or
phone is given a whole /64, and would otherwise have 2**64 fresh keys.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.settings import SettingsError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_trusted(text: str) -> tuple[Network, ...]:
    """TRUSTED_PROXIES ("127.0.0.1, 10.0.0.0/8, ::1") as networks; SettingsError naming a bad entry."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise SettingsError(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network.") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address | None, trusted: Iterable[Network]) -> bool:
    return address is not None and any(address.version == n.version and address in n for n in trusted)


def forwarded_client(peer: str, forwarded_for: Iterable[str], trusted: tuple[Network, ...]) -> str:
    """The client address: the right-most X-Forwarded-For hop that is not a trusted proxy.

    Hops are read right to left because each proxy appends the address it saw; everything left of
    the first untrusted hop was written by the client and proves nothing.
    """
    if not _trusted(_address(peer), trusted):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage from further left: keep the last address a trusted proxy vouched for
        client = str(address)
        if not _trusted(address, trusted):
            break
    return client


def forwarded_scheme(peer: str, header: str | None, trusted: tuple[Network, ...], default: str) -> str:
    """http or https as the trusted proxy saw it (the right-most value it sent), else `default`."""
    if header is None or not _trusted(_address(peer), trusted):
        return default
    value = header.split(",")[-1].strip().lower()
    return value if value in ("http", "https") else default


def rate_key(address: str) -> str:
    """The key rate limits count `address` under: an IPv4 address, or an IPv6 address's /64."""
    parsed = _address(address)
    if parsed is None:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def from_trusted_proxy(request: web.Request, trusted: tuple[Network, ...]) -> bool:
    """Whether the connection itself (not what any header claims) comes from a trusted proxy."""
    transport = request.transport
    peername = transport.get_extra_info("peername") if transport is not None else None
    peer = str(peername[0]) if isinstance(peername, (tuple, list)) and peername else ""
    return bool(trusted) and _trusted(_address(peer), trusted)


def forwarded_middleware(trusted: tuple[Network, ...]) -> Middleware:
    """Middleware setting request.remote and request.scheme from a trusted proxy's headers."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        transport = request.transport
        peername = transport.get_extra_info("peername") if transport is not None else None
        peer = str(peername[0]) if isinstance(peername, (tuple, list)) and peername else (request.remote or "")
        if trusted and _trusted(_address(peer), trusted):
            request = request.clone(
                remote=forwarded_client(peer, request.headers.getall("X-Forwarded-For", []), trusted),
                scheme=forwarded_scheme(peer, request.headers.get("X-Forwarded-Proto"), trusted, request.scheme),
            )
        return await handler(request)

    return middleware
