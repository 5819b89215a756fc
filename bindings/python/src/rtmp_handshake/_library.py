"""Finding, loading and checking the shared library librtmp-handshake.

The search order is the one users expect: an explicit path, then the
RTMP_HS_LIBRARY environment variable, then the system's loader (what
ctypes.util.find_library finds, i.e. ldconfig's cache and the usual
directories). Nothing is loaded at import time, so ``help()`` works without
the library.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from typing import Dict, List, Optional, Tuple, Union

ENV_VAR = "RTMP_HS_LIBRARY"
LIBRARY_NAME = "rtmp-handshake"

# The oldest library whose C API this package drives, as (major, minor, patch).
# While the major version is 0 a new minor may change the ABI, so only the same
# major is accepted.
SUPPORTED_MIN: Tuple[int, int, int] = (0, 1, 0)

c_int = ctypes.c_int
c_uint32 = ctypes.c_uint32
c_size_t = ctypes.c_size_t
c_void_p = ctypes.c_void_p
c_char_p = ctypes.c_char_p
u8_p = ctypes.POINTER(ctypes.c_uint8)
size_p = ctypes.POINTER(ctypes.c_size_t)

#: The C type of the random callback: int fill(void *ctx, uint8_t *buf, size_t len).
RANDOM_FN = ctypes.CFUNCTYPE(c_int, c_void_p, u8_p, c_size_t)

_Signature = Tuple[object, List[object]]

# Functions every supported library exports: name -> (restype, argtypes).
REQUIRED: Dict[str, _Signature] = {
    "rtmp_hs_new": (c_void_p, [c_int]),
    "rtmp_hs_free": (None, [c_void_p]),
    "rtmp_hs_set_version": (c_int, [c_void_p, c_uint32]),
    "rtmp_hs_set_time": (c_int, [c_void_p, c_uint32]),
    "rtmp_hs_set_scheme": (c_int, [c_void_p, c_int]),
    "rtmp_hs_set_flags": (c_int, [c_void_p, c_uint32]),
    "rtmp_hs_set_random": (c_int, [c_void_p, RANDOM_FN, c_void_p]),
    "rtmp_hs_start": (c_int, [c_void_p]),
    "rtmp_hs_feed": (c_int, [c_void_p, u8_p, c_size_t, size_p]),
    "rtmp_hs_pending": (c_size_t, [c_void_p]),
    "rtmp_hs_drain": (c_size_t, [c_void_p, u8_p, c_size_t]),
    "rtmp_hs_needed": (c_size_t, [c_void_p]),
    "rtmp_hs_state": (c_int, [c_void_p]),
    "rtmp_hs_error": (c_int, [c_void_p]),
    "rtmp_hs_strerror": (c_char_p, [c_int]),
    "rtmp_hs_status_name": (c_char_p, [c_int]),
    "rtmp_hs_peer_version": (c_uint32, [c_void_p]),
    "rtmp_hs_peer_time": (c_uint32, [c_void_p]),
    "rtmp_hs_peer_p0": (c_int, [c_void_p]),
    "rtmp_hs_mode": (c_int, [c_void_p]),
    "rtmp_hs_peer_scheme": (c_int, [c_void_p]),
    "rtmp_hs_peer_verified": (c_int, [c_void_p]),
    "rtmp_hs_version": (c_uint32, []),
    "rtmp_hs_version_string": (c_char_p, []),
}

# Functions of the public contract that a library may not have yet (RTMPE,
# caller-owned memory). Bound when present; a feature that needs a missing one
# says so when it is used, never at import or load time.
OPTIONAL: Dict[str, _Signature] = {
    "rtmp_hs_set_encryption": (c_int, [c_void_p, c_int]),
    "rtmp_hs_encryption_type": (c_int, [c_void_p]),
    "rtmp_hs_encrypt": (c_int, [c_void_p, u8_p, c_size_t]),
    "rtmp_hs_decrypt": (c_int, [c_void_p, u8_p, c_size_t]),
    "rtmp_hs_swf_verification": (c_int, [c_void_p, u8_p, c_uint32, u8_p]),
    "rtmp_hs_sizeof": (c_size_t, []),
    "rtmp_hs_init": (c_void_p, [c_void_p, c_size_t, c_int]),
    "rtmp_hs_cleanup": (None, [c_void_p]),
}


class LibraryError(OSError):
    """The shared library is missing, is not librtmp-handshake, or is too old."""


class Library:
    """A loaded and checked librtmp-handshake.

    Attributes:
        path: what was handed to the loader.
        version: the loaded library's (major, minor, patch).
        version_string: its "major.minor.patch".
    """

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self._cdll = ctypes.CDLL(path)
        except OSError as e:
            raise LibraryError(
                "cannot load librtmp-handshake from %r: %s" % (path, e)) from e
        try:
            version_fn = self._cdll.rtmp_hs_version
        except AttributeError:
            raise LibraryError(
                "%r is not librtmp-handshake: it has no rtmp_hs_version()" % path
            ) from None
        version_fn.restype = c_uint32
        version_fn.argtypes = []
        raw = version_fn()
        self.version: Tuple[int, int, int] = (raw >> 16, (raw >> 8) & 0xFF, raw & 0xFF)
        check_version(self.version, path)
        self._bound: Dict[str, object] = {}
        for name, signature in REQUIRED.items():
            if not self._bind(name, signature):
                raise LibraryError(
                    "%r (version %s) lacks %s(), which this package needs"
                    % (path, format_version(self.version), name))
        for name, signature in OPTIONAL.items():
            self._bind(name, signature)
        self.version_string: str = self.call("rtmp_hs_version_string").decode("ascii")

    def _bind(self, name: str, signature: _Signature) -> bool:
        try:
            fn = getattr(self._cdll, name)
        except AttributeError:
            return False
        fn.restype, fn.argtypes = signature
        self._bound[name] = fn
        return True

    def has(self, name: str) -> bool:
        """Whether the loaded library exports the C function ``name``."""
        return name in self._bound

    def call(self, name: str, *args: object):  # noqa: ANN201 (C results vary)
        """Call the C function ``name``; KeyError if the library lacks it."""
        return self._bound[name](*args)  # type: ignore[operator]

    def status_name(self, status: int) -> str:
        return self.call("rtmp_hs_status_name", status).decode("ascii")

    def strerror(self, status: int) -> str:
        return self.call("rtmp_hs_strerror", status).decode("utf-8", "replace")

    def __repr__(self) -> str:
        return "<librtmp-handshake %s at %r>" % (self.version_string, self.path)


def format_version(version: Tuple[int, int, int]) -> str:
    return "%d.%d.%d" % version


def check_version(found: Tuple[int, int, int], path: str) -> None:
    """Raise LibraryError unless ``found`` is a version this package drives."""
    if found[0] != SUPPORTED_MIN[0] or found < SUPPORTED_MIN:
        raise LibraryError(
            "%r is librtmp-handshake %s; this package needs %d.x, at least %s"
            % (path, format_version(found), SUPPORTED_MIN[0],
               format_version(SUPPORTED_MIN)))


def find_library_path(explicit: Optional[Union[str, os.PathLike]] = None) -> str:
    """Where to load the library from: explicit, else RTMP_HS_LIBRARY, else
    the system's loader. Raises LibraryError when none gives a name."""
    if explicit is not None:
        return os.fspath(explicit)
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return from_env
    found = ctypes.util.find_library(LIBRARY_NAME)
    if found:
        return found
    raise LibraryError(
        "librtmp-handshake not found: pass library=PATH, set %s=/path/to/"
        "librtmp-handshake.so, or install the library where the system's "
        "loader finds it (ldconfig)" % ENV_VAR)


_cache: Dict[str, Library] = {}
_cache_lock = threading.Lock()


def load(explicit: Optional[Union[str, os.PathLike]] = None) -> Library:
    """The checked library for ``explicit`` (see find_library_path); each
    path is loaded once per process."""
    path = find_library_path(explicit)
    with _cache_lock:
        lib = _cache.get(path)
        if lib is None:
            lib = Library(path)
            _cache[path] = lib
        return lib
