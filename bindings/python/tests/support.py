"""What the tests share: the freshly built library and a few drivers.

CTest sets RTMP_HS_LIBRARY to the library just built (never an installed
copy) and RTMP_HS_HEADER to the public header; PYTHONPATH points at the
package's source. Without RTMP_HS_LIBRARY the tests fail rather than pick
up whatever the system's loader finds.
"""

import os
import sys
import unittest

LIB_PATH = os.environ.get("RTMP_HS_LIBRARY", "")
HEADER_PATH = os.environ.get("RTMP_HS_HEADER", "")
EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "examples")

if not LIB_PATH or not os.path.exists(LIB_PATH):
    raise RuntimeError("RTMP_HS_LIBRARY must name the built librtmp-handshake.so "
                       "(ctest sets it); got %r" % LIB_PATH)

import rtmp_handshake  # noqa: E402  (after the check, so the message is clear)
from rtmp_handshake import Handshake, Role  # noqa: E402

PACKET = 1536
FLIGHT = 1 + 2 * PACKET  # S0+S1+S2


def seeded_random(seed, calls=None):
    """A deterministic random source (a 64-bit LCG); records each size asked."""
    state = [seed]

    def fill(n):
        if calls is not None:
            calls.append(n)
        out = bytearray(n)
        for i in range(n):
            state[0] = (state[0] * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            out[i] = state[0] >> 56
        return bytes(out)

    return fill


def pump(client, server, piece=None):
    """Plays client against server until neither has anything to send,
    feeding ``piece`` bytes at a time. Returns (client->server, server->client)."""
    to_server, to_client = bytearray(), bytearray()
    client.start()
    while True:
        moved = 0
        for src, dst, wire in ((client, server, to_server), (server, client, to_client)):
            out = src.drain()
            wire += out
            moved += len(out)
            step = piece or max(len(out), 1)
            for off in range(0, len(out), step):
                part = out[off:off + step]
                assert dst.feed(part) == len(part)
        if moved == 0:
            return bytes(to_server), bytes(to_client)


def add_examples_to_path():
    if EXAMPLES_DIR not in sys.path:
        sys.path.insert(0, EXAMPLES_DIR)


class HandshakeCase(unittest.TestCase):
    """Closes every Handshake a test made."""

    def setUp(self):
        self._made = []

    def tearDown(self):
        for h in self._made:
            h.close()

    def new(self, role, **options):
        h = Handshake(role, **options)
        self._made.append(h)
        return h

    def pair(self, client=None, server=None):
        return self.new(Role.CLIENT, **(client or {})), self.new(Role.SERVER, **(server or {}))


__all__ = ["LIB_PATH", "HEADER_PATH", "PACKET", "FLIGHT", "seeded_random", "pump",
           "HandshakeCase", "add_examples_to_path", "rtmp_handshake"]
