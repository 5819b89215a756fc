#!/usr/bin/env python3
"""An asyncio RTMP server that handshakes each client and prints what it learned.

    python3 asyncio_server.py --listen 127.0.0.1:1935
    ffmpeg -re -f lavfi -i testsrc -t 2 -f flv rtmp://127.0.0.1:1935/live/s

For each client it prints one line: C0, the version field of its C1, the
handshake mode and digest scheme, whether its C2 verified, and the AMF0
command name of the first RTMP message that followed (normally "connect").
It then closes the connection: it speaks the handshake, not RTMP.
"""

from __future__ import annotations

import argparse
import asyncio
import struct
from typing import Any, Dict, Optional

from rtmp_handshake import Handshake, HandshakeError, Role

READ_SIZE = 4096
TIMEOUT_S = 10.0
FIRST_MESSAGE_LIMIT = 4096  # read at most this much looking for the command


def first_command_name(stream: bytes) -> Optional[str]:
    """The AMF0 command name at the start of the RTMP chunk stream, if a
    whole one is there. Handles the usual first chunk only: a type-0 header
    (fmt 0, one-byte chunk stream id), then an AMF0 string (0x02, u16 size)."""
    if len(stream) < 12 or stream[0] >> 6 != 0 or stream[0] & 0x3F < 2:
        return None
    body = stream[12:]
    if len(body) < 3 or body[0] != 0x02:
        return None
    (size,) = struct.unpack(">H", body[1:3])
    if len(body) < 3 + size:
        return None
    return body[3:3 + size].decode("utf-8", "replace")


async def handshake_client(reader: asyncio.StreamReader,
                           writer: asyncio.StreamWriter,
                           **options: Any) -> Dict[str, Any]:
    """Run the server handshake on one connection; return what was learned."""
    host, port = writer.get_extra_info("peername")[:2]
    report: Dict[str, Any] = {"peer": "%s:%d" % (host, port), "ok": False, "error": None}
    with Handshake(Role.SERVER, **options) as hs:
        rest = b""
        try:
            while not hs.done:
                data = await asyncio.wait_for(reader.read(READ_SIZE), TIMEOUT_S)
                if not data:
                    raise ConnectionError("the client closed during the handshake")
                used = hs.feed(data)
                rest = data[used:]
                writer.write(hs.drain())
                await writer.drain()
            report["ok"] = True
        except HandshakeError as e:
            report["error"] = e.name
        except (ConnectionError, asyncio.TimeoutError) as e:
            report["error"] = str(e) or type(e).__name__
        report.update(c0=hs.peer_p0, version=hs.peer_version,
                      mode=hs.mode.name.lower() if hs.mode is not None else None,
                      scheme=hs.peer_scheme, c2_verified=hs.peer_verified,
                      leftover=len(rest), next=None)
    if report["ok"]:
        try:
            while first_command_name(rest) is None and len(rest) < FIRST_MESSAGE_LIMIT:
                more = await asyncio.wait_for(reader.read(READ_SIZE), TIMEOUT_S)
                if not more:
                    break
                rest += more
        except asyncio.TimeoutError:
            pass
        report["next"] = first_command_name(rest)
    return report


def describe(report: Dict[str, Any]) -> str:
    if not report["ok"]:
        return "%s: handshake failed: %s" % (report["peer"], report["error"])
    return ("%(peer)s: C0=%(c0)s version=0x%(version)08x mode=%(mode)s "
            "scheme=%(scheme)s c2_verified=%(c2_verified)s next=%(next)s" % report)


async def serve(host: str, port: int, count: Optional[int] = None,
                on_report=print, started=None, **options: Any) -> None:
    """Accept clients until ``count`` have been handshaken (forever if None).
    ``on_report`` gets each report dict; ``started`` (a future), the port."""
    finished = asyncio.Event()
    seen = 0

    async def on_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal seen
        try:
            on_report(await handshake_client(reader, writer, **options))
        finally:
            writer.close()
            seen += 1
            if count is not None and seen >= count:
                finished.set()

    server = await asyncio.start_server(on_client, host, port)
    async with server:
        if started is not None:
            started.set_result(server.sockets[0].getsockname()[1])
        await finished.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:1935", help="HOST:PORT")
    parser.add_argument("--count", type=int, help="exit after N clients")
    parser.add_argument("--require-digest", action="store_true")
    parser.add_argument("--verify", action="store_true", help="require a verified C2")
    args = parser.parse_args()
    host, _, port = args.listen.rpartition(":")
    asyncio.run(serve(host, int(port), args.count,
                      on_report=lambda r: print(describe(r), flush=True),
                      require_digest=args.require_digest, verify_p2=args.verify))


if __name__ == "__main__":
    main()
