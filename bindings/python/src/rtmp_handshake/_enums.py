"""The C API's named values, as IntEnums with the C values (API.md)."""

from enum import IntEnum


class Role(IntEnum):
    """Which side of the handshake a Handshake plays."""

    CLIENT = 1
    SERVER = 2


class State(IntEnum):
    """Where a handshake is (rtmp_hs_state())."""

    IN_PROGRESS = 0
    DONE = 1
    FAILED = 2


class Mode(IntEnum):
    """Which handshake the peer's P1 led to (rtmp_hs_mode())."""

    SIMPLE = 0  #: the original handshake: P2 echoes P1
    DIGEST = 1  #: Flash Player 9: HMAC digests, signed P2
    ENCRYPTED = 2  #: RTMPE: digest handshake plus Diffie-Hellman and RC4


class Status(IntEnum):
    """Every status code of the C API. Values are ABI: never renumbered.

    ``Status.ERR_DIGEST.c_name`` is the C constant's name, "RTMP_HS_ERR_DIGEST".
    """

    OK = 0
    ERR_ARG = -1
    ERR_STATE = -2
    ERR_NOMEM = -3
    ERR_VERSION = -10
    ERR_TLS = -11
    ERR_HTTP = -12
    ERR_DIGEST = -13
    ERR_SIGNATURE = -14
    ERR_DH = -15
    ERR_UNSUPPORTED = -16
    ERR_RANDOM = -20
    ERR_CRYPTO = -21
    ERR_INTERNAL = -99

    @property
    def c_name(self) -> str:
        """The C constant's name, e.g. "RTMP_HS_ERR_DIGEST"."""
        return "RTMP_HS_" + self.name

    @property
    def sticky(self) -> bool:
        """Whether this code fails the handle for good (-10 and below)."""
        return self <= -10


class Encryption(IntEnum):
    """RTMPE types (C0/S0 values), for ``Handshake(encryption=...)``.

    A client passes one type; a server passes a mask of accepted types,
    e.g. ``Encryption.mask(Encryption.XTEA, Encryption.BLOWFISH)``.
    """

    NONE = 0
    PLAIN_RC4 = 6
    XTEA = 8
    BLOWFISH = 9

    @staticmethod
    def mask(*types: "Encryption") -> int:
        """The server's accepted-types mask: the OR of 1 << type."""
        value = 0
        for t in types:
            value |= 1 << int(t)
        return value
