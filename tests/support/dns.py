"""Names under example.com/.org/.net resolve to a public address in tests, without the network.

URL imports resolve and check their address when they are submitted (issue 22 item 12); tests that
only queue such an import, and never fetch it, use the `public_dns` fixture. Nothing connects there.
"""

from __future__ import annotations

import socket

PUBLIC_ADDRESS = "93.184.215.14"  # example.com's address: public, never contacted by the tests
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net", "example")


def fake_getaddrinfo(real):
    """getaddrinfo answering PUBLIC_ADDRESS for the example domains and `real` for the rest."""

    def getaddrinfo(host, port, *args, **kwargs):
        name = (host.decode() if isinstance(host, bytes) else str(host or "")).lower().rstrip(".")
        if any(name == d or name.endswith("." + d) for d in EXAMPLE_DOMAINS):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_ADDRESS, port or 80))]
        return real(host, port, *args, **kwargs)

    return getaddrinfo
