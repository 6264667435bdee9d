"""The address phones on the venue wifi can reach this machine at."""

from __future__ import annotations

import socket


def lan_address() -> str | None:
    """This machine's address on its default route, or None when offline.

    Connecting a UDP socket only selects a route; no packet is sent.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, never contacted
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def base_url(host: str, port: int, public_url: str | None) -> str:
    """The base URL to print and to put in QR codes."""
    if public_url:
        return public_url.rstrip("/")
    if host in ("0.0.0.0", "::", ""):
        host = lan_address() or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"
