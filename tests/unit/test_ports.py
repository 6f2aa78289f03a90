"""Ports for HALO's servers come from below the kernel's ephemeral range, and a health probe that reaches
something that is not HTTP says 'foreign' instead of crashing (CI once read its own request back from a port
in the ephemeral range: a probe socket connected to itself)."""

from __future__ import annotations

import socket
import threading

from halo_lib.ports import ephemeral_range, free_port, free_port_block
from halo_lib.sites.server import probe


def test_port_blocks_are_free_and_below_the_ephemeral_range():
    low, high = ephemeral_range()
    assert 1024 < low < high
    for _ in range(20):
        base = free_port_block(11)
        assert 10000 <= base and base + 11 <= low
        for port in range(base, base + 11):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", port))  # raises if it was not free
    assert 10000 <= free_port() < low


def test_probe_of_a_server_that_is_not_http_is_foreign():
    with socket.socket() as server:
        server.bind(("127.0.0.1", free_port()))
        server.listen(4)

        def echo_once():
            conn, _ = server.accept()
            with conn:
                conn.sendall(conn.recv(4096))  # what a self-connected socket does: the request comes back

        thread = threading.Thread(target=echo_once, daemon=True)
        thread.start()
        assert probe(f"http://127.0.0.1:{server.getsockname()[1]}", timeout=5) == "foreign"
        thread.join(5)


def test_probe_of_a_free_port_is_down():
    assert probe(f"http://127.0.0.1:{free_port()}") == "down"
