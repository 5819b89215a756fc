#!/usr/bin/env python3
"""An asyncio RTMP client that handshakes with a server and prints what it learned.

    python3 asyncio_client.py 127.0.0.1 1935 [--simple]
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any, Dict

from rtmp_handshake import Handshake, Role

READ_SIZE = 4096
TIMEOUT_S = 10.0


async def handshake(host: str, port: int, **options: Any) -> Dict[str, Any]:
    """Connect, run the client handshake, and return what the server is.
    Raises HandshakeError if the server's bytes fail it."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), TIMEOUT_S)
    try:
        with Handshake(Role.CLIENT, **options) as hs:
            hs.start()
            writer.write(hs.drain())  # C0+C1
            await writer.drain()
            rest = b""
            while not hs.done:
                data = await asyncio.wait_for(reader.read(READ_SIZE), TIMEOUT_S)
                if not data:
                    raise ConnectionError("the server closed during the handshake")
                used = hs.feed(data)
                rest = data[used:]  # the server's first RTMP bytes, if any
                writer.write(hs.drain())  # C2 (queued before S2 arrived)
                await writer.drain()
            return {"s0": hs.peer_p0, "version": hs.peer_version,
                    "mode": hs.mode.name.lower() if hs.mode is not None else None,
                    "scheme": hs.peer_scheme, "s2_verified": hs.peer_verified,
                    "leftover": len(rest)}
    finally:
        writer.close()
        await writer.wait_closed()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--simple", action="store_true", help="the original handshake (version 0)")
    args = parser.parse_args()
    report = asyncio.run(handshake(args.host, args.port, version=0 if args.simple else None))
    print("S0=%(s0)s version=0x%(version)08x mode=%(mode)s scheme=%(scheme)s "
          "s2_verified=%(s2_verified)s" % report)


if __name__ == "__main__":
    main()
