"""The exceptions a failing call raises."""

from __future__ import annotations

from typing import Optional, Union

from ._enums import Status


class HandshakeError(Exception):
    """A C call returned a failing status.

    Attributes:
        status: the Status (a plain int if the library returned a code this
            package does not know).
        name: the C constant's name, e.g. "RTMP_HS_ERR_DIGEST".
        text: the library's English text for it (rtmp_hs_strerror()).
    """

    def __init__(self, status: int, text: Optional[str] = None,
                 name: Optional[str] = None) -> None:
        try:
            self.status: Union[Status, int] = Status(status)
        except ValueError:
            self.status = status
        if name is None:
            name = self.status.c_name if isinstance(self.status, Status) else "RTMP_HS_ERR_?"
        self.name: str = name
        self.text: str = text or ""
        super().__init__(self.status, self.text)

    def __str__(self) -> str:
        return "%s (%d): %s" % (self.name, int(self.status), self.text) if self.text \
            else "%s (%d)" % (self.name, int(self.status))

    def __repr__(self) -> str:
        return "HandshakeError(%s, %r)" % (self.name, self.text)


class UnsupportedByLibrary(HandshakeError, NotImplementedError):
    """The loaded library lacks a C function a feature needs (e.g. RTMPE in a
    library built before it). ``status`` is Status.ERR_UNSUPPORTED and
    ``symbol`` names the missing function."""

    def __init__(self, symbol: str, what: str, library_desc: str) -> None:
        self.symbol = symbol
        super().__init__(
            Status.ERR_UNSUPPORTED,
            "%s needs %s(), which %s does not export (a newer librtmp-handshake has it)"
            % (what, symbol, library_desc))
