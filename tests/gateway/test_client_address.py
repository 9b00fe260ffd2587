"""Who is calling, and the keys rate limits count them under (bot/channels/client_address.py,
bot/channels/ratelimit.py). The same rules, through a real nginx: test_proxy_nginx.py."""

from __future__ import annotations

import pytest

from bot.channels.client_address import forwarded_client, forwarded_scheme, parse_trusted, rate_key
from bot.channels.ratelimit import SlidingWindowLimiter
from bot.settings import SettingsError

PROXIES = parse_trusted("127.0.0.1, 10.0.0.0/8, ::1")


def test_forwarded_headers_are_ignored_unless_the_peer_is_a_trusted_proxy() -> None:
    assert forwarded_client("198.51.100.4", ["203.0.113.7"], PROXIES) == "198.51.100.4"
    assert forwarded_client("198.51.100.4", ["203.0.113.7"], ()) == "198.51.100.4"
    assert forwarded_scheme("198.51.100.4", "https", PROXIES, "http") == "http"


def test_the_client_is_the_right_most_hop_that_is_not_a_trusted_proxy() -> None:
    # The client wrote "1.2.3.4"; the load balancer (10.0.0.5) appended what it saw; nginx is the peer.
    assert forwarded_client("127.0.0.1", ["1.2.3.4, 198.51.100.4, 10.0.0.5"], PROXIES) == "198.51.100.4"
    assert forwarded_client("127.0.0.1", ["1.2.3.4", "198.51.100.4"], PROXIES) == "198.51.100.4"
    # Garbage to the left of the trusted hops: the last address a trusted proxy vouched for.
    assert forwarded_client("127.0.0.1", ["not-an-ip, 10.0.0.5"], PROXIES) == "10.0.0.5"
    assert forwarded_client("127.0.0.1", [], PROXIES) == "127.0.0.1"
    assert forwarded_client("::1", ["[2001:db8::1]"], PROXIES) == "2001:db8::1"
    assert forwarded_client("::ffff:127.0.0.1", ["198.51.100.4"], PROXIES) == "198.51.100.4"


def test_the_scheme_is_the_trusted_proxys_and_only_http_or_https() -> None:
    assert forwarded_scheme("127.0.0.1", "https", PROXIES, "http") == "https"
    assert forwarded_scheme("127.0.0.1", "http, https", PROXIES, "http") == "https"
    assert forwarded_scheme("127.0.0.1", "gopher", PROXIES, "http") == "http"


def test_ipv6_clients_are_counted_by_their_slash_64() -> None:
    assert rate_key("2001:db8:1:2:aaaa::1") == rate_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert rate_key("2001:db8:1:3::1") != rate_key("2001:db8:1:2::1")
    assert rate_key("::ffff:198.51.100.4") == "198.51.100.4"
    assert rate_key("198.51.100.4") == "198.51.100.4"
    assert rate_key("unknown") == "unknown"


def test_a_bad_trusted_proxy_entry_is_refused_by_name() -> None:
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        parse_trusted("127.0.0.1, nginx.internal")


def test_a_full_limiter_evicts_the_key_seen_longest_ago_instead_of_refusing_new_ones() -> None:
    limiter = SlidingWindowLimiter(1, 60, max_keys=2)
    assert limiter.allow("a", now=0) and limiter.allow("b", now=1)
    assert not limiter.allow("a", now=2)  # "a" is now the most recently seen
    assert limiter.allow("c", now=3)  # a new key is let in; "b" (seen longest ago) makes room
    assert len(limiter) == 2
    assert not limiter.allow("a", now=4)  # "a" kept its history
    assert limiter.allow("b", now=5)  # "b" starts afresh


def test_idle_keys_are_dropped() -> None:
    limiter = SlidingWindowLimiter(1, 60)
    for n in range(100):
        limiter.allow(f"k{n}", now=n * 0.1)
    limiter.allow("late", now=200)
    assert len(limiter) == 1
