"""The RTMP handshake, sans-IO, over the librtmp-handshake C library (ctypes).

Plain (the original handshake), Flash Player 9 "digest" and, with a library
that has it, RTMPE; both roles. You own the socket: feed the peer's bytes to
Handshake.feed() and send what Handshake.drain() returns.

    >>> from rtmp_handshake import Handshake, Role
    >>> with Handshake(Role.CLIENT) as client, Handshake(Role.SERVER) as server:
    ...     client.start()
    ...     server.feed(client.drain())         # C0+C1
    ...     client.feed(server.drain())         # S0+S1+S2 -> C2 queued
    ...     server.feed(client.drain())         # C2
    ...     (client.done, server.done, server.mode.name)
    1537
    3073
    1536
    (True, True, 'DIGEST')

The library is found from Handshake(library=PATH), else $RTMP_HS_LIBRARY,
else the system's loader; LibraryError says why when it cannot be used.
"""

from ._enums import Encryption, Mode, Role, State, Status
from ._errors import HandshakeError, UnsupportedByLibrary
from ._handshake import Handshake, RandomSource, library_version, strerror
from ._library import ENV_VAR, SUPPORTED_MIN, Library, LibraryError

__all__ = [
    "ENV_VAR",
    "Encryption",
    "Handshake",
    "HandshakeError",
    "Library",
    "LibraryError",
    "Mode",
    "RandomSource",
    "Role",
    "State",
    "Status",
    "SUPPORTED_MIN",
    "UnsupportedByLibrary",
    "library_version",
    "strerror",
]

__version__ = "0.1.0"
