"""The shared library driven from Python through ctypes, with no compiler.

RTMP_HS_LIBRARY names the shared library (CTest sets it); RTMP_HS_HEADER,
when set, is the public header, to check that every function it declares has
a binding here. Only the standard library is used.
"""

import ctypes
import os
import re
import unittest

LIB_PATH = os.environ.get("RTMP_HS_LIBRARY", "")
HEADER_PATH = os.environ.get("RTMP_HS_HEADER", "")

c_int = ctypes.c_int
c_uint32 = ctypes.c_uint32
c_size_t = ctypes.c_size_t
c_void_p = ctypes.c_void_p
c_char_p = ctypes.c_char_p
u8_p = ctypes.POINTER(ctypes.c_uint8)
size_p = ctypes.POINTER(ctypes.c_size_t)

RANDOM_FN = ctypes.CFUNCTYPE(c_int, c_void_p, u8_p, c_size_t)

# Every exported function: (restype, argtypes). The handle is opaque.
SIGNATURES = {
    "rtmp_hs_new": (c_void_p, [c_int]),
    "rtmp_hs_free": (None, [c_void_p]),
    "rtmp_hs_sizeof": (c_size_t, []),
    "rtmp_hs_init": (c_void_p, [c_void_p, c_size_t, c_int]),
    "rtmp_hs_cleanup": (None, [c_void_p]),
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
    "rtmp_hs_set_encryption": (c_int, [c_void_p, c_int]),
    "rtmp_hs_encryption_type": (c_int, [c_void_p]),
    "rtmp_hs_encrypt": (c_int, [c_void_p, u8_p, c_size_t]),
    "rtmp_hs_decrypt": (c_int, [c_void_p, u8_p, c_size_t]),
    "rtmp_hs_swf_verification": (c_int, [c_void_p, u8_p, c_uint32, u8_p]),
}

# Values from API.md (ABI: never renumbered).
OK = 0
ERR_ARG = -1
ERR_STATE = -2
ERR_VERSION = -10
ERR_UNSUPPORTED = -16
ERR_TLS = -11
ERR_HTTP = -12
ERR_DIGEST = -13
ERR_SIGNATURE = -14
ERR_RANDOM = -20
STATUS_CODES = {
    "RTMP_HS_OK": 0, "RTMP_HS_ERR_ARG": -1, "RTMP_HS_ERR_STATE": -2,
    "RTMP_HS_ERR_NOMEM": -3, "RTMP_HS_ERR_VERSION": -10,
    "RTMP_HS_ERR_TLS": -11, "RTMP_HS_ERR_HTTP": -12,
    "RTMP_HS_ERR_DIGEST": -13, "RTMP_HS_ERR_SIGNATURE": -14,
    "RTMP_HS_ERR_DH": -15, "RTMP_HS_ERR_UNSUPPORTED": -16,
    "RTMP_HS_ERR_RANDOM": -20, "RTMP_HS_ERR_CRYPTO": -21,
    "RTMP_HS_ERR_INTERNAL": -99,
}
CLIENT, SERVER = 1, 2
IN_PROGRESS, DONE, FAILED = 0, 1, 2
SIMPLE, DIGEST, ENCRYPTED = 0, 1, 2
REQUIRE_DIGEST, VERIFY_P2 = 1, 2
PACKET = 1536
FLIGHT = 3073


def load_library():
    lib = ctypes.CDLL(LIB_PATH)
    for name, (restype, argtypes) in SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


lib = load_library() if LIB_PATH else None


def buffer(data):
    """A C array holding data (None for empty, as a C caller may pass)."""
    if not data:
        return None
    return (ctypes.c_uint8 * len(data)).from_buffer_copy(data)


def feed(hs, data):
    consumed = c_size_t(12345)
    rc = lib.rtmp_hs_feed(hs, buffer(data), len(data), ctypes.byref(consumed))
    return rc, consumed.value


def drain(hs, cap=None):
    cap = lib.rtmp_hs_pending(hs) if cap is None else cap
    if cap == 0:
        return b""
    out = (ctypes.c_uint8 * cap)()
    n = lib.rtmp_hs_drain(hs, out, cap)
    return bytes(out[:n])


def aligned_block(size, alignment=16):
    """Python-owned memory for a handle: (keep-alive buffer, aligned address)."""
    raw = ctypes.create_string_buffer(size + alignment)
    address = ctypes.addressof(raw)
    return raw, address + (-address % alignment)


class Handle:
    """Owns a handle, and the random callback object it points at. With
    caller_memory the handle lives in a Python buffer (rtmp_hs_init)."""

    def __init__(self, role, version=None, time=None, flags=0, random=None,
                 caller_memory=False):
        self.memory = None
        if caller_memory:
            self.memory = aligned_block(lib.rtmp_hs_sizeof())
            self.hs = lib.rtmp_hs_init(self.memory[1], lib.rtmp_hs_sizeof(),
                                       role)
            assert self.hs == self.memory[1], "rtmp_hs_init failed"
        else:
            self.hs = lib.rtmp_hs_new(role)
        assert self.hs, "rtmp_hs_new failed"
        self.callback = None
        if version is not None:
            assert lib.rtmp_hs_set_version(self.hs, version) == OK
        if time is not None:
            assert lib.rtmp_hs_set_time(self.hs, time) == OK
        assert lib.rtmp_hs_set_flags(self.hs, flags) == OK
        if random is not None:
            # ctypes must keep this object alive while C holds the pointer.
            self.callback = RANDOM_FN(random)
            assert lib.rtmp_hs_set_random(self.hs, self.callback, None) == OK

    def close(self):
        if self.memory is None:
            lib.rtmp_hs_free(self.hs)
        else:
            lib.rtmp_hs_cleanup(self.hs)
        self.hs = None


def seeded_random(seed, calls=None, fail_on=None):
    """A deterministic Python random source (a linear congruential one)."""
    state = [seed]

    def fill(_ctx, buf, length):
        if calls is not None:
            calls.append(length)
            if fail_on is not None and len(calls) == fail_on:
                return 1
        data = bytearray(length)
        for i in range(length):
            state[0] = (state[0] * 6364136223846793005 + 1442695040888963407) \
                % (1 << 64)
            data[i] = state[0] >> 56
        ctypes.memmove(buf, bytes(data), length)
        return 0

    return fill


def pump(client, server, piece=None):
    """Plays client against server; returns (client->server, server->client)."""
    to_server, to_client = bytearray(), bytearray()
    lib.rtmp_hs_start(client.hs)
    while True:
        moved = 0
        for src, dst, wire in ((client, server, to_server),
                               (server, client, to_client)):
            out = drain(src.hs)
            wire += out
            moved += len(out)
            step = piece or max(len(out), 1)
            for off in range(0, len(out), step):
                rc, used = feed(dst.hs, out[off:off + step])
                if rc != OK:
                    break
                assert used == len(out[off:off + step])
        if moved == 0:
            return bytes(to_server), bytes(to_client)


@unittest.skipUnless(LIB_PATH, "RTMP_HS_LIBRARY is not set")
class Bindings(unittest.TestCase):
    def test_every_header_function_has_a_binding(self):
        if not HEADER_PATH:
            self.skipTest("RTMP_HS_HEADER is not set")
        with open(HEADER_PATH, encoding="utf-8") as f:
            text = f.read()
        declared = set(re.findall(r"RTMP_HS_EXTERN[^;(]*?\b(rtmp_hs_\w+)\s*\(",
                                  text))
        self.assertEqual(declared, set(SIGNATURES))

    def test_status_values_match_the_header(self):
        if not HEADER_PATH:
            self.skipTest("RTMP_HS_HEADER is not set")
        with open(HEADER_PATH, encoding="utf-8") as f:
            text = f.read()
        found = {name: int(value) for name, value in re.findall(
            r"(RTMP_HS_(?:OK|ERR_\w+))\s*=\s*\n?\s*(-?\d+)", text)}
        self.assertEqual(found, STATUS_CODES)

    def test_version(self):
        v = lib.rtmp_hs_version()
        text = lib.rtmp_hs_version_string().decode()
        self.assertEqual(text, "%d.%d.%d" % (v >> 16, (v >> 8) & 0xFF,
                                             v & 0xFF))

    def test_status_names_and_texts(self):
        texts = set()
        for name, value in STATUS_CODES.items():
            self.assertEqual(lib.rtmp_hs_status_name(value).decode(), name)
            text = lib.rtmp_hs_strerror(value)
            self.assertTrue(text)
            texts.add(text)
        self.assertEqual(len(texts), len(STATUS_CODES))
        for value in (1, -4, -17, -98, 2**31 - 1, -2**31):
            self.assertEqual(lib.rtmp_hs_status_name(value), b"RTMP_HS_ERR_?")
            self.assertTrue(lib.rtmp_hs_strerror(value))

    def test_null_handle(self):
        self.assertIsNone(lib.rtmp_hs_new(0))
        self.assertIsNone(lib.rtmp_hs_new(3))
        lib.rtmp_hs_free(None)
        self.assertEqual(lib.rtmp_hs_start(None), ERR_ARG)
        self.assertEqual(lib.rtmp_hs_set_version(None, 0), ERR_ARG)
        self.assertEqual(lib.rtmp_hs_state(None), FAILED)
        self.assertEqual(lib.rtmp_hs_error(None), ERR_ARG)
        self.assertEqual(lib.rtmp_hs_mode(None), -1)
        self.assertEqual(lib.rtmp_hs_peer_p0(None), -1)
        self.assertEqual(lib.rtmp_hs_pending(None), 0)
        self.assertEqual(feed(None, b"\x03")[0], ERR_ARG)


@unittest.skipUnless(LIB_PATH, "RTMP_HS_LIBRARY is not set")
class Handshakes(unittest.TestCase):
    def setUp(self):
        self.handles = []

    def tearDown(self):
        for h in self.handles:
            h.close()

    def new(self, role, **kwargs):
        h = Handle(role, **kwargs)
        self.handles.append(h)
        return h

    def check_done(self, client, server, mode):
        for h in (client, server):
            self.assertEqual(lib.rtmp_hs_state(h.hs), DONE)
            self.assertEqual(lib.rtmp_hs_error(h.hs), OK)
            self.assertEqual(lib.rtmp_hs_mode(h.hs), mode)
            self.assertEqual(lib.rtmp_hs_peer_verified(h.hs), 1)
            self.assertEqual(lib.rtmp_hs_needed(h.hs), 0)
            self.assertEqual(lib.rtmp_hs_peer_p0(h.hs), 3)

    def test_handles_in_python_memory(self):
        size = lib.rtmp_hs_sizeof()
        self.assertGreater(size, 2 * FLIGHT)
        self.assertLessEqual(size, 8192)
        for version, mode in ((None, DIGEST), (0, SIMPLE)):
            client = self.new(CLIENT, version=version, caller_memory=True,
                              random=seeded_random(5))
            server = self.new(SERVER, caller_memory=True,
                              random=seeded_random(6))
            got = pump(client, server, piece=700)
            self.check_done(client, server, mode)
            heap_client = self.new(CLIENT, version=version,
                                   random=seeded_random(5))
            heap_server = self.new(SERVER, random=seeded_random(6))
            self.assertEqual(got, pump(heap_client, heap_server))
            address = client.memory[1]
            self.assertNotEqual(ctypes.string_at(address, size),
                                bytes(size))
            lib.rtmp_hs_cleanup(client.hs)
            self.assertEqual(ctypes.string_at(address, size), bytes(size))
            client.hs = None  # released: tearDown's cleanup(NULL) is a no-op

    def test_init_rejects_what_api_md_says(self):
        size = lib.rtmp_hs_sizeof()
        raw, address = aligned_block(size + 16)
        self.assertIsNone(lib.rtmp_hs_init(None, size, CLIENT))
        self.assertIsNone(lib.rtmp_hs_init(address, size - 1, CLIENT))
        self.assertIsNone(lib.rtmp_hs_init(address, size, 0))
        self.assertIsNone(lib.rtmp_hs_init(address + 8, size, SERVER))
        self.assertEqual(lib.rtmp_hs_init(address + 16, size, SERVER),
                         address + 16)
        lib.rtmp_hs_cleanup(address + 16)
        lib.rtmp_hs_cleanup(None)
        del raw

    def test_encrypted_handshake_and_rc4_both_ways(self):
        """RTMPE type 9 through ctypes: S0 = C0, mode ENCRYPTED, and what one
        side encrypts in place the other decrypts (any split)."""
        client = self.new(CLIENT, random=seeded_random(5))
        server = self.new(SERVER, random=seeded_random(6))
        self.assertEqual(lib.rtmp_hs_set_encryption(client.hs, 9), OK)
        self.assertEqual(lib.rtmp_hs_set_encryption(server.hs, 1 << 9), OK)
        self.assertEqual(lib.rtmp_hs_set_encryption(client.hs, 7), ERR_ARG)
        to_server, to_client = pump(client, server)
        self.assertEqual((to_server[0], to_client[0]), (9, 9))
        for h in (client, server):
            self.assertEqual(lib.rtmp_hs_state(h.hs), DONE)
            self.assertEqual(lib.rtmp_hs_mode(h.hs), ENCRYPTED)
            self.assertEqual(lib.rtmp_hs_encryption_type(h.hs), 9)
        message = bytes(range(200))
        data = buffer(message)
        self.assertEqual(lib.rtmp_hs_encrypt(client.hs, data, len(message)), OK)
        self.assertNotEqual(bytes(data), message)
        first = (ctypes.c_uint8 * 77).from_buffer(data)
        rest = (ctypes.c_uint8 * 123).from_buffer(data, 77)
        self.assertEqual(lib.rtmp_hs_decrypt(server.hs, first, 77), OK)
        self.assertEqual(lib.rtmp_hs_decrypt(server.hs, rest, 123), OK)
        self.assertEqual(bytes(data), message)
        self.assertEqual(lib.rtmp_hs_decrypt(None, None, 0), ERR_ARG)

    def test_swf_verification_agrees_on_both_sides(self):
        client = self.new(CLIENT, random=seeded_random(7))
        server = self.new(SERVER, random=seeded_random(8))
        swf_hash = buffer(bytes([0x11] * 32))
        tokens = []
        pump(client, server)
        for h in (client, server):
            out = (ctypes.c_uint8 * 42)()
            self.assertEqual(
                lib.rtmp_hs_swf_verification(h.hs, swf_hash, 10275, out), OK)
            tokens.append(bytes(out))
        self.assertEqual(tokens[0], tokens[1])
        self.assertEqual(tokens[0][:10], bytes.fromhex("01010000282300002823"))

    def test_digest_handshake(self):
        client = self.new(CLIENT, time=1000, flags=VERIFY_P2 | REQUIRE_DIGEST)
        server = self.new(SERVER, time=2000, flags=VERIFY_P2 | REQUIRE_DIGEST)
        to_server, to_client = pump(client, server)
        self.assertEqual((len(to_server), len(to_client)), (FLIGHT, FLIGHT))
        self.check_done(client, server, DIGEST)
        self.assertEqual(lib.rtmp_hs_peer_scheme(server.hs), 0)
        self.assertEqual(lib.rtmp_hs_peer_scheme(client.hs), 0)
        self.assertEqual(lib.rtmp_hs_peer_version(server.hs), 0x80000702)
        self.assertEqual(lib.rtmp_hs_peer_version(client.hs), 0x04050001)
        self.assertEqual(lib.rtmp_hs_peer_time(server.hs), 1000)
        self.assertEqual(lib.rtmp_hs_peer_time(client.hs), 2000)

    def test_original_handshake_echoes_byte_for_byte(self):
        client = self.new(CLIENT, version=0)
        server = self.new(SERVER)
        to_server, to_client = pump(client, server)
        self.check_done(client, server, SIMPLE)
        c1, c2 = to_server[1:1537], to_server[1537:]
        s1, s2 = to_client[1:1537], to_client[1537:]
        self.assertEqual(s2, c1)
        self.assertEqual(c2, s1)
        self.assertEqual(s1[4:8], b"\x00\x00\x00\x00")
        self.assertEqual(lib.rtmp_hs_peer_scheme(server.hs), -1)

    def test_one_byte_feeding_gives_the_same_bytes(self):
        runs = []
        for piece in (None, 1):
            client = self.new(CLIENT, random=seeded_random(7))
            server = self.new(SERVER, random=seeded_random(8))
            runs.append(pump(client, server, piece))
            self.check_done(client, server, DIGEST)
        self.assertEqual(runs[0], runs[1])

    def test_trailing_bytes_are_left_for_the_chunk_stream(self):
        client = self.new(CLIENT)
        server = self.new(SERVER)
        self.assertEqual(lib.rtmp_hs_start(client.hs), OK)
        self.assertEqual(feed(server.hs, drain(client.hs)), (OK, 1537))
        chunk = b"\x03\x00\x00\x00\x00\x00\xbe\x14\x00\x00\x00\x00connect"
        rc, used = feed(client.hs, drain(server.hs) + chunk)
        self.assertEqual((rc, used), (OK, FLIGHT))
        self.assertEqual(lib.rtmp_hs_state(client.hs), DONE)
        # C2 was queued by the completing call and is still pending.
        self.assertEqual(lib.rtmp_hs_pending(client.hs), PACKET)
        rc, used = feed(server.hs, drain(client.hs) + chunk)
        self.assertEqual((rc, used), (OK, PACKET))
        self.assertEqual(feed(server.hs, chunk), (OK, 0))
        self.assertEqual(lib.rtmp_hs_state(server.hs), DONE)

    def test_python_random_callback_is_used_and_reproducible(self):
        streams = []
        for _ in range(2):
            calls = []
            client = self.new(CLIENT, random=seeded_random(42, calls))
            server = self.new(SERVER, random=seeded_random(43))
            streams.append(pump(client, server))
            self.assertEqual(calls, [1528])
        self.assertEqual(streams[0], streams[1])
        other = pump(self.new(CLIENT, random=seeded_random(44)),
                     self.new(SERVER, random=seeded_random(43)))
        self.assertNotEqual(other[0][9:1537], streams[0][0][9:1537])

    def test_failing_python_random_callback(self):
        calls = []
        client = self.new(CLIENT, random=seeded_random(1, calls, fail_on=1))
        self.assertEqual(lib.rtmp_hs_start(client.hs), ERR_RANDOM)
        self.assertEqual(lib.rtmp_hs_state(client.hs), FAILED)
        self.assertEqual(lib.rtmp_hs_pending(client.hs), 0)
        self.assertEqual(feed(client.hs, b"\x03"), (ERR_RANDOM, 0))

    def test_null_data_and_null_pointers(self):
        server = self.new(SERVER)
        consumed = c_size_t(9)
        self.assertEqual(lib.rtmp_hs_feed(server.hs, None, 0,
                                          ctypes.byref(consumed)), OK)
        self.assertEqual(consumed.value, 0)
        self.assertEqual(lib.rtmp_hs_feed(server.hs, None, 5,
                                          ctypes.byref(consumed)), ERR_ARG)
        self.assertEqual(lib.rtmp_hs_feed(server.hs, buffer(b"\x03"), 1,
                                          None), ERR_ARG)
        self.assertEqual(lib.rtmp_hs_drain(server.hs, None, 0), 0)
        self.assertEqual(lib.rtmp_hs_needed(server.hs), FLIGHT)

    def test_wrong_protocol_codes(self):
        cases = [
            (SERVER, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", ERR_TLS),
            (SERVER, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", ERR_HTTP),
            (CLIENT, b"HTTP/1.1 400 Bad Request\r\n\r\n", ERR_HTTP),
            (SERVER, b"\x06" + bytes(1536), ERR_UNSUPPORTED),
            (SERVER, b"\x07" + bytes(1536), ERR_VERSION),
        ]
        for role, data, code in cases:
            with self.subTest(data=data[:8]):
                h = self.new(role)
                lib.rtmp_hs_start(h.hs)
                self.assertEqual(feed(h.hs, data)[0], code)
                self.assertEqual(lib.rtmp_hs_error(h.hs), code)
                self.assertEqual(feed(h.hs, data), (code, 0))
                self.assertEqual(lib.rtmp_hs_pending(h.hs), 0)
                name = lib.rtmp_hs_status_name(code).decode()
                self.assertEqual(STATUS_CODES[name], code)

    def test_required_digest_and_options_after_start(self):
        client = self.new(CLIENT, version=0)
        server = self.new(SERVER, flags=REQUIRE_DIGEST)
        pump(client, server)
        self.assertEqual(lib.rtmp_hs_error(server.hs), ERR_DIGEST)
        self.assertEqual(lib.rtmp_hs_set_version(client.hs, 1), ERR_STATE)
        self.assertEqual(lib.rtmp_hs_set_scheme(client.hs, 5), ERR_ARG)
        strict = self.new(CLIENT, flags=VERIFY_P2)
        lib.rtmp_hs_start(strict.hs)
        bad = b"\x03" + bytes(8) + b"\x11" * (1528 + PACKET)
        self.assertEqual(feed(strict.hs, bad)[0], ERR_SIGNATURE)


if __name__ == "__main__":
    unittest.main()
