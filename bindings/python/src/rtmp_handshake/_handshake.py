"""Handshake: one rtmp_hs handle, driven sans-IO from Python."""

from __future__ import annotations

import ctypes
import os
from typing import Callable, Optional, Union

from . import _library
from ._enums import Mode, Role, State, Status
from ._errors import HandshakeError, UnsupportedByLibrary

REQUIRE_DIGEST = 1
VERIFY_P2 = 2

RandomSource = Callable[[int], bytes]
PathLike = Union[str, "os.PathLike[str]"]


def _c_bytes(data: bytes) -> Optional[ctypes.Array]:
    """A C copy of data, or None when empty (a zero length with NULL is valid)."""
    if not data:
        return None
    return (ctypes.c_uint8 * len(data)).from_buffer_copy(data)


class Handshake:
    """One side of an RTMP handshake, sans-IO: you own the socket.

    Hand every byte received from the peer to :meth:`feed` and send
    everything :meth:`drain` returns, until :attr:`done`. In the call to
    :meth:`feed` that completes the handshake, the returned count is less
    than ``len(data)`` when the peer already sent more: ``data[consumed:]``
    is the start of the RTMP chunk stream. Output queued by that call is
    still pending: drain once more after :attr:`done`.

    Args:
        role: Role.CLIENT or Role.SERVER.
        version: bytes 4..7 of our P1; 0 selects the original handshake
            (default: the library's, digest handshake).
        time: bytes 0..3 of our P1 (default 0).
        scheme: where our P1 digest goes, 0 or 1 (default: automatic).
        require_digest: fail with ERR_DIGEST when the peer's P1 carries no
            valid digest (default: fall back to the original handshake).
        verify_p2: fail with ERR_SIGNATURE when the peer's P2 neither is
            signed nor echoes our P1 (default: complete and report it in
            :attr:`peer_verified`).
        random: a callable ``n -> bytes`` (exactly n bytes), the source of
            every random byte (default: the OS CSPRNG). An exception or a
            wrong length fails the handshake with ERR_RANDOM.
        encryption: RTMPE. A client: the type to request (6, 8 or 9); a
            server: a mask of accepted types (see Encryption.mask). Needs a
            library with RTMPE, else UnsupportedByLibrary.
        library: path of librtmp-handshake (else $RTMP_HS_LIBRARY, else the
            system's loader).

    Raises:
        HandshakeError: an option was refused (e.g. ERR_ARG for a bad scheme).
        LibraryError: the library is missing or too old.

    A Handshake is a context manager; :meth:`close` frees the C handle (and
    wipes its key material). One thread at a time may use it.
    """

    def __init__(self, role: Union[Role, int], *,
                 version: Optional[int] = None,
                 time: Optional[int] = None,
                 scheme: Optional[int] = None,
                 require_digest: bool = False,
                 verify_p2: bool = False,
                 random: Optional[RandomSource] = None,
                 encryption: Optional[int] = None,
                 library: Optional[PathLike] = None) -> None:
        self._hs: Optional[int] = None
        self._lib = _library.load(library)
        self.role: Role = Role(role)
        self._random = random
        self._random_error: Optional[BaseException] = None
        self._callback = None  # the ctypes thunk C points at: kept alive here
        hs = self._lib.call("rtmp_hs_new", int(self.role))
        if not hs:
            raise self._error(Status.ERR_NOMEM)
        self._hs = hs
        try:
            if version is not None:
                self._check(self._lib.call("rtmp_hs_set_version", hs, version))
            if time is not None:
                self._check(self._lib.call("rtmp_hs_set_time", hs, time))
            if scheme is not None:
                self._check(self._lib.call("rtmp_hs_set_scheme", hs, scheme))
            flags = (REQUIRE_DIGEST if require_digest else 0) | \
                (VERIFY_P2 if verify_p2 else 0)
            self._check(self._lib.call("rtmp_hs_set_flags", hs, flags))
            if random is not None:
                self._callback = _library.RANDOM_FN(self._fill)
                self._check(self._lib.call("rtmp_hs_set_random", hs,
                                           self._callback, None))
            if encryption is not None:
                self._require("rtmp_hs_set_encryption", "encryption=")
                self._check(self._lib.call("rtmp_hs_set_encryption", hs,
                                           encryption))
        except BaseException:
            self.close()
            raise

    # ---- plumbing -----------------------------------------------------------

    def _error(self, status: int) -> HandshakeError:
        return HandshakeError(status, self._lib.strerror(status),
                              self._lib.status_name(status))

    def _check(self, rc: int) -> None:
        if rc != Status.OK:
            err = self._error(rc)
            if rc == Status.ERR_RANDOM and self._random_error is not None:
                raise err from self._random_error
            raise err

    def _handle(self) -> int:
        if self._hs is None:
            raise HandshakeError(Status.ERR_ARG, "the handshake is closed")
        return self._hs

    def _require(self, symbol: str, what: str) -> None:
        if not self._lib.has(symbol):
            raise UnsupportedByLibrary(symbol, what, repr(self._lib))

    def _fill(self, _ctx: object, buf: object, length: int) -> int:
        # Called from C: an exception must not escape (ctypes would print it
        # and return 0, i.e. "filled"), so it becomes a failure code.
        try:
            data = bytes(self._random(length))  # type: ignore[misc]
            if len(data) != length:
                raise ValueError("random(%d) returned %d bytes" % (length, len(data)))
            ctypes.memmove(buf, data, length)
            return 0
        except BaseException as e:  # noqa: BLE001 (reported through ERR_RANDOM)
            self._random_error = e
            return 1

    # ---- driving it ---------------------------------------------------------

    def start(self) -> None:
        """Client: queue C0+C1 (feed() also does it). Server: optional, queues
        nothing. Calling it twice is harmless."""
        self._check(self._lib.call("rtmp_hs_start", self._handle()))

    def feed(self, data: bytes) -> int:
        """Hand over bytes received from the peer, in any fragmentation.

        Returns how many belong to the handshake: all of them until it
        completes; in the completing call, bytes after the peer's last
        handshake packet are not consumed (``data[consumed:]`` is the RTMP
        chunk stream). After completion: returns 0.

        Raises:
            HandshakeError: the peer's bytes failed the handshake (sticky:
                every later feed raises the same status).
        """
        hs = self._handle()
        consumed = ctypes.c_size_t(0)
        rc = self._lib.call("rtmp_hs_feed", hs, _c_bytes(data), len(data),
                            ctypes.byref(consumed))
        self._check(rc)
        return consumed.value

    def drain(self) -> bytes:
        """Everything queued for the peer (b"" when nothing is), dequeued."""
        hs = self._handle()
        n = self._lib.call("rtmp_hs_pending", hs)
        if n == 0:
            return b""
        out = (ctypes.c_uint8 * n)()
        got = self._lib.call("rtmp_hs_drain", hs, out, n)
        return bytes(out[:got])

    # ---- what it knows ------------------------------------------------------

    @property
    def pending(self) -> int:
        """Bytes queued for the peer."""
        return self._lib.call("rtmp_hs_pending", self._handle())

    @property
    def needed(self) -> int:
        """Bytes still to read from the peer before the handshake can
        complete; 0 when done or failed."""
        return self._lib.call("rtmp_hs_needed", self._handle())

    @property
    def state(self) -> State:
        """State.IN_PROGRESS, DONE or FAILED."""
        return State(self._lib.call("rtmp_hs_state", self._handle()))

    @property
    def done(self) -> bool:
        """Whether the handshake completed."""
        return self.state == State.DONE

    @property
    def error(self) -> Optional[Status]:
        """The Status that failed the handshake, or None."""
        code = self._lib.call("rtmp_hs_error", self._handle())
        return None if code == Status.OK else Status(code)

    @property
    def mode(self) -> Optional[Mode]:
        """Mode.SIMPLE, DIGEST or ENCRYPTED once the peer's P1 decided it."""
        value = self._lib.call("rtmp_hs_mode", self._handle())
        return None if value < 0 else Mode(value)

    @property
    def peer_scheme(self) -> Optional[int]:
        """0 or 1: where a valid digest was found in the peer's P1; None."""
        value = self._lib.call("rtmp_hs_peer_scheme", self._handle())
        return None if value < 0 else value

    @property
    def peer_version(self) -> int:
        """Bytes 4..7 of the peer's P1 (big-endian); 0 until it arrived."""
        return self._lib.call("rtmp_hs_peer_version", self._handle())

    @property
    def peer_time(self) -> int:
        """Bytes 0..3 of the peer's P1; 0 until it arrived."""
        return self._lib.call("rtmp_hs_peer_time", self._handle())

    @property
    def peer_p0(self) -> Optional[int]:
        """The peer's C0/S0 byte (3 for plain RTMP); None until it arrived."""
        value = self._lib.call("rtmp_hs_peer_p0", self._handle())
        return None if value < 0 else value

    @property
    def peer_verified(self) -> bool:
        """Whether the peer's P2 verified: a valid signature, or an echo of
        bytes 8..1535 of our P1."""
        return bool(self._lib.call("rtmp_hs_peer_verified", self._handle()))

    # ---- RTMPE (libraries that have it) -------------------------------------

    @property
    def encryption_type(self) -> int:
        """6, 8 or 9 once an encrypted handshake was agreed, else 0 (always 0
        with a library without RTMPE)."""
        hs = self._handle()
        if not self._lib.has("rtmp_hs_encryption_type"):
            return 0
        return self._lib.call("rtmp_hs_encryption_type", hs)

    def _crypt(self, symbol: str, data: bytes) -> bytes:
        hs = self._handle()
        self._require(symbol, symbol[len("rtmp_hs_"):] + "()")
        buf = _c_bytes(data)
        self._check(self._lib.call(symbol, hs, buf, len(data)))
        return bytes(buf) if buf is not None else b""

    def encrypt(self, data: bytes) -> bytes:
        """RTMPE: the ciphertext of bytes we send after DONE (one continuous
        RC4 stream: any split gives the same result).

        Raises:
            HandshakeError: ERR_STATE before DONE or on a plain handshake.
            UnsupportedByLibrary: the library has no RTMPE.
        """
        return self._crypt("rtmp_hs_encrypt", data)

    def decrypt(self, data: bytes) -> bytes:
        """RTMPE: the plaintext of bytes received after DONE, in order, the
        leftovers of the completing feed() first."""
        return self._crypt("rtmp_hs_decrypt", data)

    def swf_verification(self, swf_hash: bytes, swf_size: int) -> bytes:
        """The 42-byte SWFVerification response for a SWF of this SHA-256
        hash and size, from the server's S1 (ERR_STATE before it is known)."""
        hs = self._handle()
        self._require("rtmp_hs_swf_verification", "swf_verification()")
        if len(swf_hash) != 32:
            raise HandshakeError(Status.ERR_ARG, "swf_hash must be 32 bytes")
        out = (ctypes.c_uint8 * 42)()
        self._check(self._lib.call("rtmp_hs_swf_verification", hs,
                                   _c_bytes(swf_hash), swf_size, out))
        return bytes(out)

    # ---- lifetime -----------------------------------------------------------

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._hs is None

    def close(self) -> None:
        """Free the C handle, wiping its key material. Idempotent."""
        hs, self._hs = self._hs, None
        if hs is not None:
            self._lib.call("rtmp_hs_free", hs)

    def __enter__(self) -> "Handshake":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_hs", None) is not None:
            self.close()

    def __repr__(self) -> str:
        if self._hs is None:
            return "<Handshake %s closed>" % self.role.name.lower()
        mode = self.mode
        return "<Handshake %s %s mode=%s>" % (
            self.role.name.lower(), self.state.name.lower(),
            mode.name.lower() if mode is not None else None)


def library_version(library: Optional[PathLike] = None) -> str:
    """The "major.minor.patch" of the librtmp-handshake that ``library``
    (else $RTMP_HS_LIBRARY, else the system's loader) names."""
    return _library.load(library).version_string


def strerror(status: int, library: Optional[PathLike] = None) -> str:
    """The library's English text for any status code."""
    return _library.load(library).strerror(status)
