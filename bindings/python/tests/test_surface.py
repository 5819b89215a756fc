"""The package's surface: every C function of the header bound, the enums
equal to the header's values, API.md's names and keywords, docstrings that
help() shows. The header is parsed now, so this stays true as it grows."""

import inspect
import pydoc
import re
import typing
import unittest

from support import HEADER_PATH

import rtmp_handshake
from rtmp_handshake import Handshake, Mode, Role, State, Status
from rtmp_handshake import _library


def header_text():
    if not HEADER_PATH:
        raise AssertionError("RTMP_HS_HEADER must name include/rtmp_handshake.h (ctest sets it)")
    with open(HEADER_PATH, encoding="utf-8") as f:
        return f.read()


def header_functions(text):
    """name -> parameter count of every RTMP_HS_EXTERN function."""
    found = {}
    for name, params in re.findall(
            r"RTMP_HS_EXTERN[^;(]*?\b(rtmp_hs_\w+)\s*\(([^;]*?)\)\s*;", text, re.S):
        params = params.strip()
        found[name] = 0 if params in ("", "void") else params.count(",") + 1
    return found


class HeaderCoverage(unittest.TestCase):
    def test_every_header_function_is_bound_with_its_parameter_count(self):
        functions = header_functions(header_text())
        self.assertIn("rtmp_hs_feed", functions)  # the parser found something
        bound = dict(_library.REQUIRED, **_library.OPTIONAL)
        for name, count in functions.items():
            with self.subTest(function=name):
                self.assertIn(name, bound, "%s is in the header but not bound" % name)
                self.assertEqual(len(bound[name][1]), count)

    def test_enums_carry_the_header_values(self):
        text = header_text()
        values = {name: int(value) for name, value in re.findall(
            r"\b(RTMP_HS_\w+)\s*=\s*(-?\d+)", text)}
        statuses = {n: v for n, v in values.items() if n == "RTMP_HS_OK" or
                    n.startswith("RTMP_HS_ERR_")}
        self.assertEqual({s.c_name: int(s) for s in Status}, statuses)
        for enum, names in ((Role, {"CLIENT": "RTMP_HS_CLIENT", "SERVER": "RTMP_HS_SERVER"}),
                            (State, {s.name: "RTMP_HS_" + s.name for s in State}),
                            (Mode, {m.name: "RTMP_HS_MODE_" + m.name for m in Mode})):
            for member, c_name in names.items():
                with self.subTest(constant=c_name):
                    self.assertEqual(int(enum[member]), values[c_name])
        flags = dict(re.findall(r"#define (RTMP_HS_(?:REQUIRE_DIGEST|VERIFY_P2)) (\d+)u", text))
        from rtmp_handshake import _handshake
        self.assertEqual(int(flags["RTMP_HS_REQUIRE_DIGEST"]), _handshake.REQUIRE_DIGEST)
        self.assertEqual(int(flags["RTMP_HS_VERIFY_P2"]), _handshake.VERIFY_P2)

    def test_library_names_every_status_like_the_enum(self):
        lib = _library.load()
        for status in Status:
            self.assertEqual(lib.status_name(status), status.c_name)
        self.assertEqual(rtmp_handshake.library_version(), lib.version_string)
        self.assertTrue(rtmp_handshake.strerror(Status.ERR_TLS))


class ApiSurface(unittest.TestCase):
    def test_constructor_keywords_are_api_md_s(self):
        params = inspect.signature(Handshake).parameters
        self.assertEqual(list(params), ["role", "version", "time", "scheme", "require_digest",
                                        "verify_p2", "random", "encryption", "library"])
        self.assertEqual(params["role"].kind, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for name in list(params)[1:]:
            self.assertEqual(params[name].kind, inspect.Parameter.KEYWORD_ONLY, name)
        hints = typing.get_type_hints(Handshake.__init__)
        self.assertEqual(set(hints), set(params) | {"return"})

    def test_properties_and_methods_exist_with_docstrings(self):
        properties = ["pending", "state", "done", "error", "mode", "peer_scheme",
                      "peer_version", "peer_time", "peer_p0", "peer_verified",
                      "needed", "encryption_type", "closed"]
        methods = ["start", "feed", "drain", "close", "encrypt", "decrypt",
                   "swf_verification", "__enter__", "__exit__"]
        for name in properties:
            self.assertIsInstance(inspect.getattr_static(Handshake, name), property, name)
        for name in properties + methods:
            if not name.startswith("__"):
                self.assertTrue(inspect.getdoc(getattr(Handshake, name)), name)
        for name in ("feed", "drain", "start"):
            self.assertIn("return", typing.get_type_hints(getattr(Handshake, name)))

    def test_help_shows_the_docstrings(self):
        text = pydoc.render_doc(rtmp_handshake, renderer=pydoc.plaintext)
        self.assertIn("sans-IO", text)
        self.assertIn("data[consumed:]", text)  # feed()'s docstring
        self.assertIn("RTMP_HS_LIBRARY", text)
        self.assertIn("ERR_DIGEST", text)

    def test_exported_names(self):
        for name in ("Role", "State", "Mode", "Status", "Handshake", "HandshakeError",
                     "LibraryError"):
            self.assertIn(name, rtmp_handshake.__all__)
            self.assertTrue(hasattr(rtmp_handshake, name))
        self.assertEqual(Status.ERR_DIGEST, -13)


if __name__ == "__main__":
    unittest.main()
