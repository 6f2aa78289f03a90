"""Free loopback ports for HALO's own servers (replicas, the local model server, vLLM), picked below the
kernel's ephemeral range.

Why not `bind(0)`: that hands out a port from the ephemeral range, the range the kernel also draws the local
port of every outgoing connection from. A health probe that retries `connect()` to such a port while nothing
listens yet can be given that very port as its own local port, and the socket connects to itself: the probe
then reads back its own request (`BadStatusLine: GET /__halo/health HTTP/1.1`) and, while it holds the port,
the server cannot bind it. Ports below the range cannot be chosen as local ports, so this cannot happen.

    from halo_lib.ports import free_port, free_port_block
    base = free_port_block(11)   # base .. base+10 all free now
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

from halo_lib.errors import HaloError

LOWEST = 10000  # below this are well-known services and the defaults HALO documents (8000s)
EPHEMERAL_FALLBACK = (32768, 60999)  # Linux's default when /proc cannot be read


def ephemeral_range() -> tuple[int, int]:
    """The kernel's range of local ports for outgoing connections (Linux's default if it cannot be read)."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return EPHEMERAL_FALLBACK


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_block(size: int, *, attempts: int = 200) -> int:
    """First port of `size` consecutive free loopback ports, all below the ephemeral range."""
    low, _ = ephemeral_range()
    top = max(low, LOWEST + size + 1) - size
    rng = random.Random()
    for _ in range(attempts):
        base = rng.randrange(LOWEST, top)
        if all(_bindable(base + offset) for offset in range(size)):
            return base
    raise HaloError(f"No block of {size} free loopback ports found between {LOWEST} and {low}: free some ports and retry.")


def free_port() -> int:
    """One free loopback port below the ephemeral range."""
    return free_port_block(1)
