#!/usr/bin/env python3
"""Interoperability of rtmp-handshake with real programs (Debian packages).

Each test runs one real peer against our CLI (`serve`/`probe`) or our connect
client, on 127.0.0.1, and asserts what both sides observably did. ctest runs
one case per test: `interop.py -v Class.test_name`. See docs/interop.md.
"""

import os
import random
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import peers  # noqa: E402
from corrupting_proxy import CLIENT_TO_SERVER, SERVER_TO_CLIENT, CorruptingProxy  # noqa: E402

# Version fields (P1 bytes 4..7) the peers are known to send (PROTOCOL.md 4.5).
FFMPEG_C1_VERSION = 0x09007C02
LIBRTMP_FP9_C1_VERSION = 0x0A002D02
NGINX_S1_VERSION = 0x0D0E0A0D
LIBRTMP_S1_VERSION = 0x03050101

# FFmpeg's messages when it refuses a server's handshake (libavformat/rtmpproto.c).
FFMPEG_S1_REFUSED = "Server response validating failed"
FFMPEG_S2_REFUSED = "Signature mismatch"
# FFmpeg's -listen server: errors, and warnings about a C2 that does not echo S1.
FFMPEG_SERVER_COMPLAINTS = (
    "Unable to read handshake",
    "RTMP protocol version mismatch",
    "RTMP Handshake C1 Error",
    "RTMP Handshake S1 Error",
    "RTMP Handshake S2 Error",
    "RTMP Handshake C2 Error",
    "Erroneous C2 Message epoch does not match up with C1 epoch",
    "Erroneous C2 Message random does not match up",
)
# librtmp client refusals (rtmpdump, FP9 mode).
LIBRTMP_CLIENT_REFUSALS = ("Couldn't verify the server digest", "Server not genuine Adobe")

# Any 32-byte SWF hash and a size make librtmp use its FP9 digest handshake.
SWF_HASH = "11" * 32
SWF_SIZE = "10275"


class InteropCase(unittest.TestCase):
    maxDiff = None

    def assertReport(self, report, run, **expected):
        """Checks fields of a JSON report, showing the whole run on failure."""
        self.assertIsNotNone(report, "no JSON report from:\n" + run.description)
        actual = {key: report.get(key) for key in expected}
        self.assertEqual(actual, expected, "full report: %r\n%s" % (report, run.description))

    def assertNoneIn(self, needles, text, context):
        for needle in needles:
            self.assertNotIn(needle, text, "%r in the output of %s" % (needle, context))


class PeersTest(InteropCase):
    def test_every_peer_is_installed(self):
        missing = []
        for name in peers.REQUIREMENTS:
            try:
                print("%-15s %s" % (name, peers.path_of(name)))
            except peers.MissingPeer as e:
                missing.append(str(e))
        for package, version in sorted(peers.installed_versions().items()):
            print("dpkg: %s %s" % (package, version))
        self.assertEqual(missing, [])


class FfmpegPlayerTest(InteropCase):
    """FFmpeg playing validates S1's digest and S2's signature (S1[4] >= 3)."""

    def _play(self, *serve_options):
        with peers.OurServer(extra=serve_options) as server:
            ffmpeg = peers.ffmpeg_play(server.port)
            report = server.reports(1)[0]
        self.assertNoneIn((FFMPEG_S1_REFUSED, FFMPEG_S2_REFUSED), ffmpeg.stderr, "ffmpeg")
        # A signed C2 and a connect after it: FFmpeg accepted both our S1
        # digest and our S2 signature.
        self.assertReport(report, ffmpeg, ok=True, error=None, c0=3,
                          version=FFMPEG_C1_VERSION, mode="digest", scheme=0,
                          c2_verified=True, next="connect")

    def test_validates_our_s1_digest_and_s2_signature(self):
        self._play()

    def test_passes_a_strict_server(self):
        self._play("--require-digest", "--verify")


class FfmpegPublisherTest(InteropCase):
    """FFmpeg publishing sends a digest C1 but C2 = exact copy of S1."""

    def _publish(self, *serve_options):
        with peers.OurServer(extra=serve_options) as server, \
                CorruptingProxy(server.port) as proxy:
            ffmpeg = peers.ffmpeg_publish(proxy.port)
            report = server.reports(1)[0]
        self.assertReport(report, ffmpeg, ok=True, error=None, c0=3,
                          version=FFMPEG_C1_VERSION, mode="digest", scheme=0,
                          c2_verified=True, next="connect")
        _, s1, _ = proxy.handshake_bytes(SERVER_TO_CLIENT)
        _, _, c2 = proxy.handshake_bytes(CLIENT_TO_SERVER)
        self.assertEqual(len(s1), 1536)
        self.assertEqual(c2, s1, "FFmpeg publishing should echo S1 byte for byte")

    def test_echoed_c2_is_accepted(self):
        self._publish()

    def test_echoed_c2_passes_a_strict_server(self):
        """An exact echo counts as verified even under --verify."""
        self._publish("--require-digest", "--verify")


class RtmpdumpTest(InteropCase):
    def _dump(self, serve_options=(), dump_options=()):
        with peers.OurServer(extra=serve_options) as server:
            dump = peers.rtmpdump(server.port, *dump_options)
            report = server.reports(1)[0]
        return report, dump

    def test_plain_is_simple_handshake(self):
        """librtmp without SWF options sends version 0: the original handshake."""
        report, dump = self._dump()
        self.assertReport(report, dump, ok=True, error=None, c0=3, version=0,
                          mode="simple", c2_verified=True, next="connect")

    def test_plain_echo_passes_verify(self):
        """librtmp's C2 is an exact echo of our S1."""
        report, dump = self._dump(serve_options=("--verify",))
        self.assertReport(report, dump, ok=True, error=None, mode="simple",
                          c2_verified=True, next="connect")

    def test_plain_refused_when_digest_required(self):
        report, dump = self._dump(serve_options=("--require-digest",))
        self.assertReport(report, dump, ok=False, error="RTMP_HS_ERR_DIGEST", next=None)
        self.assertNotEqual(dump.returncode, 0, dump.description)
        self.assertIn("handshake failed", dump.stderr, dump.description)

    def _swf(self, *serve_options):
        """With a SWF hash librtmp sends an FP9 C1 and aborts unless S1's digest
        and S2's signature verify; its connect proves both did."""
        report, dump = self._dump(serve_options,
                                  ("--swfhash", SWF_HASH, "--swfsize", SWF_SIZE))
        self.assertNoneIn(LIBRTMP_CLIENT_REFUSALS, dump.stderr, "rtmpdump")
        self.assertReport(report, dump, ok=True, error=None, c0=3,
                          version=LIBRTMP_FP9_C1_VERSION, mode="digest", scheme=0,
                          c2_verified=True, next="connect")

    def test_swfhash_forces_validated_digest_handshake(self):
        self._swf()

    def test_swfhash_passes_a_strict_server(self):
        self._swf("--require-digest", "--verify")


class NginxTest(InteropCase):
    """nginx-rtmp: digest S1 always in scheme 0, signed S2; old-style echo
    when our C1 has no digest. S2 is signed with our C1's digest, so a
    verified S2 proves nginx found and accepted that digest."""

    def test_probe_digest(self):
        with peers.Nginx() as nginx:
            report, run = peers.probe(nginx.port)
        self.assertEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=True, error=None, s0=3, version=NGINX_S1_VERSION,
                          mode="digest", scheme=0, s1_digest_valid=True, s2_verified=True)

    def test_probe_scheme1_answered_in_scheme0(self):
        with peers.Nginx() as nginx:
            report, run = peers.probe(nginx.port, "--scheme", "1")
        self.assertEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=True, error=None, s0=3, version=NGINX_S1_VERSION,
                          mode="digest", scheme=0, s1_digest_valid=True, s2_verified=True)

    def test_probe_simple(self):
        with peers.Nginx() as nginx:
            report, run = peers.probe(nginx.port, "--simple")
        self.assertEqual(run.returncode, 0, run.description)
        # Old-style nginx sends our own C1 back as S1 and S2: version 0.
        self.assertReport(report, run, ok=True, error=None, s0=3, version=0,
                          mode="simple", s1_digest_valid=False, s2_verified=True)

    def _connect(self, *extra):
        with peers.Nginx() as nginx:
            report, run = peers.connect(nginx.port, *extra)
            log = nginx.error_log()
        self.assertEqual(run.returncode, 0, run.description + "\n--- nginx error.log ---\n" + log)
        return report, run

    def test_connect_digest(self):
        report, run = self._connect()
        self.assertReport(report, run, ok=True, mode="digest", peer_version=NGINX_S1_VERSION,
                          peer_scheme=0, s2_verified=True, command="_result",
                          code="NetConnection.Connect.Success")
        # Window Ack Size, Set Peer Bandwidth and Set Chunk Size come first.
        self.assertEqual(report["messages"][:3], [5, 6, 1], report)

    def test_connect_simple(self):
        report, run = self._connect("--simple")
        self.assertReport(report, run, ok=True, mode="simple", peer_version=0,
                          s2_verified=True, command="_result",
                          code="NetConnection.Connect.Success")


class FfmpegListenTest(InteropCase):
    """FFmpeg's own server (`-listen 1`): original handshake only, S1 version
    0; it warns when C2 does not echo its S1."""

    def _against_listener(self, client):
        with peers.FfmpegListener() as ffmpeg:
            report, run = client(ffmpeg.port)
            ffmpeg.wait(10)
            ffmpeg.stop()
            log = ffmpeg.text("stderr")
        self.assertNoneIn(FFMPEG_SERVER_COMPLAINTS, log, "ffmpeg -listen")
        return report, run

    def test_probe_simple(self):
        report, run = self._against_listener(lambda port: peers.probe(port, "--simple"))
        self.assertEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=True, error=None, s0=3, version=0, mode="simple",
                          s1_digest_valid=False, s2_verified=True)

    def test_probe_digest_falls_back_to_simple(self):
        report, run = self._against_listener(peers.probe)
        self.assertEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=True, error=None, s0=3, version=0, mode="simple",
                          s1_digest_valid=False, s2_verified=True)

    def test_connect_simple(self):
        report, run = self._against_listener(lambda port: peers.connect(port, "--simple"))
        self.assertEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=True, mode="simple", peer_version=0,
                          s2_verified=True, command="_result",
                          code="NetConnection.Connect.Success")

    def test_notices_a_damaged_c2_echo(self):
        """Control: FFmpeg's server does compare C2 with its S1, so the silence
        above means our echo was exact. One flipped C2 byte is reported."""
        flip = (CLIENT_TO_SERVER, 1 + 1536 + 100)
        with peers.FfmpegListener() as ffmpeg:
            with CorruptingProxy(ffmpeg.port, flip=flip) as proxy:
                report, run = peers.connect(proxy.port, "--simple")
            ffmpeg.wait(10)
            ffmpeg.stop()
            log = ffmpeg.text("stderr")
        self.assertTrue(proxy.flipped)
        self.assertReport(report, run, ok=True, command="_result")
        self.assertIn("Erroneous C2 Message random does not match up", log)


class LibrtmpServerTest(InteropCase):
    """librtmp's RTMP_Serve: in digest mode it refuses a C1 without a valid
    digest and a C2 without a valid signature, so exit 0 is its approval."""

    def _against_librtmp(self, client):
        with peers.LibrtmpServer() as server:
            result = client(server.port)
            code = server.wait(15)
            server.stop()
            return result, code, server.describe()

    def test_probe_digest(self):
        (report, run), code, server = self._against_librtmp(peers.probe)
        self.assertEqual(code, 0, server)
        self.assertIn("Genuine Adobe Flash Player", server)  # our C2 signature
        self.assertReport(report, run, ok=True, error=None, s0=3, version=LIBRTMP_S1_VERSION,
                          mode="digest", scheme=0, s1_digest_valid=True, s2_verified=True)

    def test_probe_scheme1_answered_in_scheme0(self):
        """librtmp checks both layouts, but writes S1 in scheme 0 regardless."""
        (report, run), code, server = self._against_librtmp(
            lambda port: peers.probe(port, "--scheme", "1"))
        self.assertEqual(code, 0, server)
        self.assertIn("Genuine Adobe Flash Player", server)
        self.assertReport(report, run, ok=True, error=None, s0=3, version=LIBRTMP_S1_VERSION,
                          mode="digest", scheme=0, s1_digest_valid=True, s2_verified=True)

    def test_probe_simple(self):
        (report, run), code, server = self._against_librtmp(
            lambda port: peers.probe(port, "--simple"))
        self.assertEqual(code, 0, server)
        # In simple mode librtmp only warns when C2 is not an echo of S1.
        self.assertNotIn("client signature does not match", server)
        self.assertReport(report, run, ok=True, error=None, s0=3, version=0, mode="simple",
                          s1_digest_valid=False, s2_verified=True)

    def test_refuses_c1_without_valid_digest(self):
        """Control: the harness can fail. A version-bearing C1 with random
        bytes where the digest should be is refused."""

        def bogus_client(port):
            c1 = bytearray(random.Random(7).randbytes(1536))
            c1[0:8] = bytes([0, 0, 0, 0, 0x80, 0, 7, 2])
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(b"\x03" + bytes(c1))
                try:
                    while s.recv(65536):
                        pass
                except OSError:
                    pass

        _, code, server = self._against_librtmp(bogus_client)
        self.assertEqual(code, 1, server)
        self.assertIn("Couldn't verify the client digest", server)
        self.assertIn("handshake refused", server)

    def test_refuses_corrupted_c2(self):
        """Control: librtmp checks our C2 signature. One flipped C2 byte on the
        way makes it refuse, while our client (which does not wait for a
        verdict) still completes."""

        def through_proxy(port):
            flip = (CLIENT_TO_SERVER, 1 + 1536 + 100)
            with CorruptingProxy(port, flip=flip) as proxy:
                result = peers.probe(proxy.port)
            self.assertTrue(proxy.flipped)
            return result

        (report, run), code, server = self._against_librtmp(through_proxy)
        self.assertEqual(code, 1, server)
        self.assertIn("Client not genuine Adobe", server)
        self.assertReport(report, run, ok=True, mode="digest")


class RtmpeTest(InteropCase):
    """RTMPE (types 6, 8, 9) with librtmp, the one peer that speaks it in
    both roles: rtmpdump as a client of our server, RTMP_Serve as a server
    for our client. Decrypting the other side's `connect` proves the DH
    secret and both RC4 keys agree; a refused damaged signature proves the
    peer checks our transformed P2."""

    def test_rtmpdump_rtmpe_against_serve(self):
        with peers.OurServer(extra=("--encrypt", "6,8,9")) as server:
            dump = peers.rtmpdump(server.port, scheme="rtmpe")
            report = server.reports(1)[0]
        self.assertNoneIn(LIBRTMP_CLIENT_REFUSALS, dump.stderr, "rtmpdump")
        self.assertReport(report, dump, ok=True, error=None, c0=6, mode="encrypted",
                          encryption=6, c2_verified=True, next="connect")

    def test_rtmpdump_rtmpe_refused_without_encrypt(self):
        with peers.OurServer() as server:
            dump = peers.rtmpdump(server.port, scheme="rtmpe")
            report = server.reports(1)[0]
        self.assertReport(report, dump, ok=False, error="RTMP_HS_ERR_UNSUPPORTED", c0=6,
                          encryption=0, next=None)
        self.assertNotEqual(dump.returncode, 0, dump.description)

    def _against_librtmp(self, client, read=False):
        with peers.LibrtmpServer(read=read) as server:
            result = client(server.port)
            code = server.wait(15)
            server.stop()
            return result, code, server.describe()

    def test_probe_type6_when_c1_byte4_is_not_0x80(self):
        (report, run), code, server = self._against_librtmp(
            lambda port: peers.probe_url(peers.rtmp_url(port, "live", "rtmpe"),
                                         "--version", "0x09007C02"))
        self.assertEqual(code, 0, server)
        self.assertIn("Genuine Adobe Flash Player", server)
        self.assertReport(report, run, ok=True, error=None, s0=6, mode="encrypted",
                          encryption=6, version=LIBRTMP_S1_VERSION, s1_digest_valid=True,
                          s2_verified=True)

    def test_probe_follows_s0_8_for_c1_byte4_0x80(self):
        """Our default C1 version 0x80000702: librtmp answers a C0 of 6 with
        S0 = 8, and our client signs C2 and checks S2 through XTEA."""
        (report, run), code, server = self._against_librtmp(
            lambda port: peers.probe_url(peers.rtmp_url(port, "live", "rtmpe")))
        self.assertEqual(code, 0, server)
        self.assertIn("Genuine Adobe Flash Player", server)
        self.assertReport(report, run, ok=True, error=None, s0=8, mode="encrypted",
                          encryption=8, s1_digest_valid=True, s2_verified=True)

    def test_probe_type8_asked_directly(self):
        (report, run), code, server = self._against_librtmp(
            lambda port: peers.probe(port, "--encrypt", "8"))
        self.assertEqual(code, 0, server)
        self.assertReport(report, run, ok=True, s0=8, encryption=8, s2_verified=True)

    def _librtmp_reads_connect(self, *client_options):
        (report, run), code, server = self._against_librtmp(
            lambda port: peers.connect(port, *client_options), read=True)
        self.assertEqual(code, 0, server)
        self.assertIn("first command: connect", server)
        return report, run

    def test_librtmp_decodes_our_encrypted_connect_type6(self):
        # Version 0 (C1[4] = 0): librtmp answers 6; RTMPE still signs.
        report, run = self._librtmp_reads_connect("--encrypt", "6", "--simple")
        self.assertEqual((report["mode"], report["encryption"]), ("encrypted", 6), run.description)

    def test_librtmp_decodes_our_encrypted_connect_type8(self):
        report, run = self._librtmp_reads_connect("--encrypt", "6")
        self.assertEqual((report["mode"], report["encryption"]), ("encrypted", 8), run.description)

    def test_refuses_our_c2_with_one_signature_byte_changed(self):
        """One byte of our (XTEA-transformed) C2 signature changed on the way:
        librtmp refuses it, so it really checks the transform."""

        def through_proxy(port):
            flip = (CLIENT_TO_SERVER, 1 + 1536 + 1504 + 9)
            with CorruptingProxy(port, flip=flip) as proxy:
                result = peers.probe_url(peers.rtmp_url(proxy.port, "live", "rtmpe"))
            self.assertTrue(proxy.flipped)
            return result

        (report, run), code, server = self._against_librtmp(through_proxy)
        self.assertEqual(code, 1, server)
        self.assertIn("Client not genuine Adobe", server)
        self.assertReport(report, run, ok=True, s0=8, encryption=8)

    def test_control_untouched_proxy_is_accepted(self):
        def through_proxy(port):
            with CorruptingProxy(port, flip=None) as proxy:
                return peers.probe_url(peers.rtmp_url(proxy.port, "live", "rtmpe"))

        (report, run), code, server = self._against_librtmp(through_proxy)
        self.assertEqual(code, 0, server)
        self.assertReport(report, run, ok=True, s0=8, encryption=8)


class CorruptionTest(InteropCase):
    """FFmpeg playing really checks what we send: damage one byte of S1 or S2
    on the way and it refuses; forward untouched and it connects."""

    def _play_through_proxy(self, flip):
        with peers.OurServer() as server, CorruptingProxy(server.port, flip=flip) as proxy:
            ffmpeg = peers.ffmpeg_play(proxy.port)
            reports = server.reports(1) if flip is None else []
        return ffmpeg, proxy, reports

    def test_uncorrupted_proxy_lets_ffmpeg_through(self):
        ffmpeg, proxy, reports = self._play_through_proxy(None)
        self.assertNoneIn((FFMPEG_S1_REFUSED, FFMPEG_S2_REFUSED), ffmpeg.stderr, "ffmpeg")
        self.assertReport(reports[0], ffmpeg, ok=True, mode="digest", c2_verified=True,
                          next="connect")
        _, s1, _ = proxy.handshake_bytes(SERVER_TO_CLIENT)
        _, _, c2 = proxy.handshake_bytes(CLIENT_TO_SERVER)
        self.assertEqual(len(c2), 1536)
        self.assertNotEqual(c2, s1, "a validating FFmpeg signs C2 rather than echoing S1")

    def test_corrupted_s1_digest_is_refused(self):
        # S1[1535]: outside a scheme-0 digest (which ends by byte 770), so
        # inside the bytes that digest covers.
        ffmpeg, proxy, _ = self._play_through_proxy((SERVER_TO_CLIENT, 1 + 1535))
        self.assertTrue(proxy.flipped)
        self.assertFalse(ffmpeg.timed_out, ffmpeg.description)
        self.assertNotEqual(ffmpeg.returncode, 0, ffmpeg.description)
        self.assertIn(FFMPEG_S1_REFUSED, ffmpeg.stderr, ffmpeg.description)

    def test_corrupted_s2_signature_is_refused(self):
        # S2[1535]: the last byte of the signature.
        ffmpeg, proxy, _ = self._play_through_proxy((SERVER_TO_CLIENT, 1 + 1536 + 1535))
        self.assertTrue(proxy.flipped)
        self.assertFalse(ffmpeg.timed_out, ffmpeg.description)
        self.assertNotEqual(ffmpeg.returncode, 0, ffmpeg.description)
        self.assertIn(FFMPEG_S2_REFUSED, ffmpeg.stderr, ffmpeg.description)
        self.assertNotIn(FFMPEG_S1_REFUSED, ffmpeg.stderr, ffmpeg.description)


if __name__ == "__main__":
    unittest.main()
