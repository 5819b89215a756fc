"""Finding the library: explicit path, then RTMP_HS_LIBRARY, then the system's
loader; a clear LibraryError when it is missing, foreign or too old."""

import ctypes.util
import os
import unittest
from unittest import mock

from support import LIB_PATH

from rtmp_handshake import Handshake, LibraryError, Role, _library


class Lookup(unittest.TestCase):
    def setUp(self):
        _library._cache.clear()

    def tearDown(self):
        _library._cache.clear()

    def test_explicit_path_wins_over_the_environment(self):
        with mock.patch.dict(os.environ, {"RTMP_HS_LIBRARY": "/nonexistent/lib.so"}):
            with Handshake(Role.CLIENT, library=LIB_PATH) as h:
                self.assertEqual(h._lib.path, LIB_PATH)
            with self.assertRaises(LibraryError) as caught:
                Handshake(Role.CLIENT)
        self.assertIn("/nonexistent/lib.so", str(caught.exception))

    def test_environment_variable_is_used(self):
        with mock.patch.dict(os.environ, {"RTMP_HS_LIBRARY": LIB_PATH}):
            lib = _library.load()
        self.assertEqual(lib.path, LIB_PATH)
        self.assertEqual(lib.version_string, "%d.%d.%d" % lib.version)

    def test_system_loader_is_asked_last(self):
        with mock.patch.dict(os.environ, {"RTMP_HS_LIBRARY": ""}), \
                mock.patch.object(ctypes.util, "find_library", return_value=LIB_PATH) as find:
            self.assertEqual(_library.load().path, LIB_PATH)
        find.assert_called_once_with("rtmp-handshake")

    def test_nothing_found_says_how_to_fix_it(self):
        with mock.patch.dict(os.environ, {"RTMP_HS_LIBRARY": ""}), \
                mock.patch.object(ctypes.util, "find_library", return_value=None):
            with self.assertRaises(LibraryError) as caught:
                Handshake(Role.SERVER)
        message = str(caught.exception)
        self.assertIn("RTMP_HS_LIBRARY", message)
        self.assertIn("library=", message)
        self.assertIsInstance(caught.exception, OSError)

    def test_a_foreign_library_is_refused(self):
        libc = ctypes.util.find_library("c")
        self.assertTrue(libc)
        with self.assertRaises(LibraryError) as caught:
            _library.load(libc)
        self.assertIn("rtmp_hs_version", str(caught.exception))

    def test_a_too_old_library_is_refused(self):
        found = _library.load(LIB_PATH).version
        _library._cache.clear()
        newer = (found[0], found[1] + 1, 0)
        with mock.patch.object(_library, "SUPPORTED_MIN", newer):
            with self.assertRaises(LibraryError) as caught:
                _library.load(LIB_PATH)
        self.assertIn("at least %d.%d.0" % newer[:2], str(caught.exception))
        self.assertIn("%d.%d.%d" % found, str(caught.exception))

    def test_another_major_version_is_refused(self):
        with self.assertRaises(LibraryError):
            _library.check_version((1, 0, 0), "x.so")
        _library.check_version(_library.SUPPORTED_MIN, "x.so")

    def test_a_missing_required_function_is_named(self):
        extra = dict(_library.REQUIRED, rtmp_hs_not_there=(ctypes.c_int, []))
        with mock.patch.object(_library, "REQUIRED", extra):
            with self.assertRaises(LibraryError) as caught:
                _library.load(LIB_PATH)
        self.assertIn("rtmp_hs_not_there", str(caught.exception))

    def test_a_missing_optional_function_is_not_an_error(self):
        extra = dict(_library.OPTIONAL, rtmp_hs_not_there=(ctypes.c_int, []))
        with mock.patch.object(_library, "OPTIONAL", extra):
            lib = _library.load(LIB_PATH)
        self.assertFalse(lib.has("rtmp_hs_not_there"))
        self.assertTrue(lib.has("rtmp_hs_feed"))


if __name__ == "__main__":
    unittest.main()
