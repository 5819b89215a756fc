"""Handshake driven from Python: both roles, every mode, fragmentation,
leftovers, errors and the random callback, against the built library."""

import unittest
from unittest import mock

from support import FLIGHT, PACKET, HandshakeCase, pump, seeded_random

from rtmp_handshake import (Encryption, Handshake, HandshakeError, Library, Mode, Role, State,
                            Status, UnsupportedByLibrary)

CHUNK = b"\x03\x00\x00\x00\x00\x00\xbe\x14\x00\x00\x00\x00\x02\x00\x07connect"


class Modes(HandshakeCase):
    def check_done(self, client, server, mode):
        for h in (client, server):
            self.assertIs(h.done, True)
            self.assertEqual(h.state, State.DONE)
            self.assertIsNone(h.error)
            self.assertEqual(h.mode, mode)
            self.assertIs(h.peer_verified, True)
            self.assertEqual(h.peer_p0, 3)
            self.assertEqual(h.needed, 0)

    def test_digest_handshake_reports_the_peer(self):
        client, server = self.pair(client={"time": 1000}, server={"time": 2000})
        to_server, to_client = pump(client, server)
        self.assertEqual((len(to_server), len(to_client)), (FLIGHT, FLIGHT))
        self.check_done(client, server, Mode.DIGEST)
        self.assertEqual((server.peer_scheme, client.peer_scheme), (0, 0))
        self.assertEqual(server.peer_version, 0x80000702)
        self.assertEqual(client.peer_version, 0x04050001)
        self.assertEqual((server.peer_time, client.peer_time), (1000, 2000))
        self.assertEqual(client.encryption_type, 0)

    def test_scheme_1_is_mirrored_by_the_server(self):
        client, server = self.pair(client={"scheme": 1})
        pump(client, server)
        self.check_done(client, server, Mode.DIGEST)
        self.assertEqual((server.peer_scheme, client.peer_scheme), (1, 1))

    def test_original_handshake_echoes_byte_for_byte(self):
        client, server = self.pair(client={"version": 0})
        to_server, to_client = pump(client, server)
        self.check_done(client, server, Mode.SIMPLE)
        c1, c2 = to_server[1:1 + PACKET], to_server[1 + PACKET:]
        s1, s2 = to_client[1:1 + PACKET], to_client[1 + PACKET:]
        self.assertEqual((s2, c2), (c1, s1))
        self.assertIsNone(server.peer_scheme)
        self.assertEqual(server.peer_version, 0)

    def test_strict_options_pass_a_digest_peer(self):
        strict = {"require_digest": True, "verify_p2": True}
        client, server = self.pair(client=strict, server=strict)
        pump(client, server)
        self.check_done(client, server, Mode.DIGEST)

    def test_require_digest_refuses_the_original_handshake(self):
        client, server = self.pair(client={"version": 0}, server={"require_digest": True})
        client.start()
        with self.assertRaises(HandshakeError) as caught:
            server.feed(client.drain())
        self.assertEqual(caught.exception.status, Status.ERR_DIGEST)
        self.assertEqual(caught.exception.name, "RTMP_HS_ERR_DIGEST")
        self.assertEqual(server.error, Status.ERR_DIGEST)
        self.assertEqual(server.state, State.FAILED)

    def test_unverified_p2_is_reported_or_refused(self):
        junk_s2 = b"\x03" + bytes(8) + b"\x11" * (1528 + PACKET)
        lenient = self.new(Role.CLIENT)
        lenient.start()
        self.assertEqual(lenient.feed(junk_s2), len(junk_s2))
        self.assertTrue(lenient.done)
        self.assertIs(lenient.peer_verified, False)
        strict = self.new(Role.CLIENT, verify_p2=True)
        strict.start()
        with self.assertRaises(HandshakeError) as caught:
            strict.feed(junk_s2)
        self.assertEqual(caught.exception.status, Status.ERR_SIGNATURE)


class Encrypted(HandshakeCase):
    """RTMPE where the library has it; a clear error where it does not."""

    RTMPE = ("rtmp_hs_set_encryption", "rtmp_hs_encryption_type", "rtmp_hs_encrypt",
             "rtmp_hs_decrypt", "rtmp_hs_swf_verification")

    def library_has_rtmpe(self):
        probe = self.new(Role.CLIENT)
        return all(probe._lib.has(name) for name in self.RTMPE)

    def test_encrypted_handshake_and_streams(self):
        if not self.library_has_rtmpe():
            self.skipTest("this build of librtmp-handshake has no RTMPE yet "
                          "(test_without_rtmpe_the_error_names_the_symbol covers it)")
        client, server = self.pair(
            client={"encryption": Encryption.BLOWFISH},
            server={"encryption": Encryption.mask(Encryption.PLAIN_RC4, Encryption.BLOWFISH)})
        pump(client, server)
        for h in (client, server):
            self.assertTrue(h.done)
            self.assertEqual(h.mode, Mode.ENCRYPTED)
            self.assertEqual(h.encryption_type, 9)
        message = b"\x03" + bytes(11) + b"hello, encrypted world"
        wire = client.encrypt(message)
        self.assertNotEqual(wire, message)
        self.assertEqual(server.decrypt(wire[:5]) + server.decrypt(wire[5:]), message)
        self.assertEqual(client.decrypt(server.encrypt(b"back")), b"back")

    def test_encrypt_on_a_plain_handshake_is_a_state_error(self):
        if not self.library_has_rtmpe():
            self.skipTest("this build of librtmp-handshake has no RTMPE yet")
        client, server = self.pair()
        pump(client, server)
        with self.assertRaises(HandshakeError) as caught:
            client.encrypt(b"x")
        self.assertEqual(caught.exception.status, Status.ERR_STATE)

    def test_without_rtmpe_the_error_names_the_symbol(self):
        real_has = Library.has

        def has_no_rtmpe(lib, name):
            return name not in self.RTMPE and real_has(lib, name)

        with mock.patch.object(Library, "has", has_no_rtmpe):
            with self.assertRaises(UnsupportedByLibrary) as caught:
                Handshake(Role.CLIENT, encryption=Encryption.PLAIN_RC4)
            self.assertEqual(caught.exception.status, Status.ERR_UNSUPPORTED)
            self.assertEqual(caught.exception.symbol, "rtmp_hs_set_encryption")
            self.assertIn("rtmp_hs_set_encryption", str(caught.exception))
            self.assertIsInstance(caught.exception, NotImplementedError)
            client, server = self.pair()
            pump(client, server)
            self.assertEqual(client.encryption_type, 0)
            for method in (client.encrypt, client.decrypt):
                with self.assertRaises(UnsupportedByLibrary):
                    method(b"data")
            with self.assertRaises(UnsupportedByLibrary):
                client.swf_verification(bytes(32), 1000)


class Fragmentation(HandshakeCase):
    def test_one_byte_at_a_time_gives_the_same_bytes(self):
        runs = []
        for piece in (None, 1, 7):
            client, server = self.pair(client={"random": seeded_random(7)},
                                       server={"random": seeded_random(8)})
            runs.append(pump(client, server, piece))
            self.assertTrue(client.done and server.done)
            self.assertEqual(server.mode, Mode.DIGEST)
        self.assertEqual(runs[0], runs[1])
        self.assertEqual(runs[0], runs[2])

    def test_needed_counts_down(self):
        server = self.new(Role.SERVER)
        self.assertEqual(server.needed, FLIGHT)
        self.assertEqual(server.feed(b"\x03"), 1)
        self.assertEqual(server.needed, FLIGHT - 1)
        self.assertEqual(server.feed(b""), 0)
        self.assertEqual(server.pending, 0)


class Leftovers(HandshakeCase):
    def test_bytes_after_the_handshake_are_not_consumed(self):
        client, server = self.pair()
        client.start()
        self.assertEqual(server.feed(client.drain()), 1 + PACKET)
        s_flight = server.drain()
        self.assertEqual(len(s_flight), FLIGHT)
        data = s_flight + CHUNK
        used = client.feed(data)
        self.assertEqual(used, FLIGHT)
        self.assertEqual(data[used:], CHUNK)
        self.assertTrue(client.done)
        # C2 was queued by the completing call and is still pending.
        self.assertEqual(client.pending, PACKET)
        data = client.drain() + CHUNK
        used = server.feed(data)
        self.assertEqual(data[used:], CHUNK)
        self.assertTrue(server.done)
        self.assertEqual(server.feed(CHUNK), 0)
        self.assertEqual(server.drain(), b"")


class Errors(HandshakeCase):
    def test_wrong_protocols_name_their_status_and_stick(self):
        cases = [
            (Role.SERVER, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", Status.ERR_TLS),
            (Role.SERVER, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", Status.ERR_HTTP),
            (Role.CLIENT, b"HTTP/1.1 400 Bad Request\r\n\r\n", Status.ERR_HTTP),
            (Role.SERVER, b"\x07" + bytes(PACKET), Status.ERR_VERSION),
        ]
        for role, data, status in cases:
            with self.subTest(status=status.name):
                h = self.new(role)
                for _ in range(2):  # sticky: the same status again
                    with self.assertRaises(HandshakeError) as caught:
                        h.feed(data)
                    self.assertEqual(caught.exception.status, status)
                    self.assertIsInstance(caught.exception.status, Status)
                    self.assertEqual(caught.exception.name, status.c_name)
                    self.assertIn(status.c_name, str(caught.exception))
                    self.assertTrue(caught.exception.text)
                self.assertEqual(h.error, status)
                self.assertEqual(h.state, State.FAILED)
                self.assertFalse(h.done)
                self.assertEqual(h.drain(), b"")

    def test_refused_options(self):
        with self.assertRaises(HandshakeError) as caught:
            Handshake(Role.CLIENT, scheme=5)
        self.assertEqual(caught.exception.status, Status.ERR_ARG)
        with self.assertRaises(ValueError):
            Handshake(3)

    def test_closed_handle_raises(self):
        h = Handshake(Role.CLIENT)
        h.close()
        h.close()  # idempotent
        self.assertTrue(h.closed)
        self.assertIn("closed", repr(h))
        for call in (h.start, h.drain, lambda: h.feed(b"\x03"), lambda: h.state):
            with self.assertRaises(HandshakeError) as caught:
                call()
            self.assertEqual(caught.exception.status, Status.ERR_ARG)

    def test_context_manager_closes(self):
        with Handshake(Role.SERVER) as h:
            self.assertFalse(h.closed)
            self.assertIn("in_progress", repr(h))
        self.assertTrue(h.closed)


class RandomCallback(HandshakeCase):
    def test_used_for_every_random_byte_and_reproducible(self):
        streams = []
        for _ in range(2):
            calls = []
            client, server = self.pair(client={"random": seeded_random(42, calls)},
                                       server={"random": seeded_random(43)})
            streams.append(pump(client, server))
            self.assertEqual(calls, [1528])
        self.assertEqual(streams[0], streams[1])
        client, server = self.pair(client={"random": seeded_random(44)},
                                   server={"random": seeded_random(43)})
        other = pump(client, server)
        self.assertNotEqual(other[0][9:1 + PACKET], streams[0][0][9:1 + PACKET])

    def test_an_exception_fails_with_err_random_and_is_chained(self):
        def broken(n):
            raise OSError("no entropy today")

        client = self.new(Role.CLIENT, random=broken)
        with self.assertRaises(HandshakeError) as caught:
            client.start()
        self.assertEqual(caught.exception.status, Status.ERR_RANDOM)
        self.assertIsInstance(caught.exception.__cause__, OSError)
        self.assertEqual(client.pending, 0)
        self.assertEqual(client.state, State.FAILED)

    def test_a_short_answer_fails_with_err_random(self):
        server = self.new(Role.SERVER, random=lambda n: b"\x00" * (n - 1))
        c_flight = self.new(Role.CLIENT)
        c_flight.start()
        with self.assertRaises(HandshakeError) as caught:
            server.feed(c_flight.drain())
        self.assertEqual(caught.exception.status, Status.ERR_RANDOM)
        self.assertIsInstance(caught.exception.__cause__, ValueError)


if __name__ == "__main__":
    unittest.main()
