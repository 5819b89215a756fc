#!/usr/bin/env python3
"""RTMPS (RTMP over TLS) with real programs: FFmpeg into `serve --tls`,
`probe rtmps://` against nginx-rtmp behind nginx's stream TLS termination,
certificates that do not verify, and each side meeting the wrong protocol.

Certificates are made with the openssl command for each test. ctest runs one
case per test: `rtmps.py -v Class.test_name`. See docs/interop.md.
"""

import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import peers  # noqa: E402
import tls_peers  # noqa: E402
from children import Child  # noqa: E402
from interop import FFMPEG_C1_VERSION, FFMPEG_S1_REFUSED, FFMPEG_S2_REFUSED, \
    NGINX_S1_VERSION, InteropCase  # noqa: E402

TLS12 = "TLSv1.2"


class PeersTest(InteropCase):
    def test_tls_peers_are_installed(self):
        missing = []
        for name in tls_peers.TLS_REQUIREMENTS:
            try:
                print("%-15s %s" % (name, tls_peers.path_of(name)))
            except peers.MissingPeer as e:
                missing.append(str(e))
        self.assertEqual(missing, [])


class FfmpegRtmpsTest(InteropCase):
    """FFmpeg (GnuTLS underneath) speaking rtmps:// to `serve --tls`."""

    def _serve(self, client, *serve_options):
        with tls_peers.Certificates() as certs, \
                tls_peers.OurTlsServer(certs, extra=serve_options) as server:
            ffmpeg = client(tls_peers.rtmps_url(server.port))
            report = server.reports(1)[0]
        self.assertIsNotNone(report.get("tls"), "no tls in %r\n%s" % (report, ffmpeg.description))
        self.assertEqual(report["tls"]["version"], TLS12, report)
        self.assertTrue(report["tls"]["cipher"].startswith("TLS-"), report)
        return report, ffmpeg

    def test_play_validates_digests_over_tls(self):
        report, ffmpeg = self._serve(tls_peers.ffmpeg_play_url, "--require-digest", "--verify")
        self.assertNoneIn((FFMPEG_S1_REFUSED, FFMPEG_S2_REFUSED), ffmpeg.stderr, "ffmpeg")
        # A signed C2 and a connect after it: over TLS too, FFmpeg accepted
        # our S1 digest and our S2 signature.
        self.assertReport(report, ffmpeg, ok=True, error=None, c0=3,
                          version=FFMPEG_C1_VERSION, mode="digest", scheme=0,
                          c2_verified=True, next="connect")

    def test_publish_connects_over_tls(self):
        report, ffmpeg = self._serve(tls_peers.ffmpeg_publish_url)
        self.assertReport(report, ffmpeg, ok=True, error=None, c0=3,
                          version=FFMPEG_C1_VERSION, mode="digest", scheme=0,
                          c2_verified=True, next="connect")

    def test_plain_serve_names_ffmpeg_rtmps(self):
        """FFmpeg's ClientHello at a plain `serve`: RTMP_HS_ERR_TLS, --tls suggested."""
        with peers.OurServer() as server:
            ffmpeg = tls_peers.ffmpeg_play_url(tls_peers.rtmps_url(server.port))
            report = server.reports(1)[0]
        self.assertReport(report, ffmpeg, ok=False, error="RTMP_HS_ERR_TLS", c0=0x16,
                          next=None, tls=None)
        self.assertNotEqual(ffmpeg.returncode, 0, ffmpeg.description)

    def test_plain_serve_text_suggests_tls(self):
        """The text report (not --json) names the remedy."""
        with Child([tls_peers.path_of("cli"), "serve", "--listen", "127.0.0.1:0",
                    "--count", "1", "--timeout", "5"]) as server:
            line = server.wait_for_lines("stderr", lambda lines: lines[0] if lines else None,
                                         peers.START_TIMEOUT_S)
            self.assertRegex(line or "", r"^listening on 127\.0\.0\.1:\d+$")
            port = int(line.rsplit(":", 1)[1])
            ffmpeg = tls_peers.ffmpeg_play_url(tls_peers.rtmps_url(port))
            server.wait(10)
            text = server.text("stdout")
        self.assertIn("failed: RTMP_HS_ERR_TLS", text, ffmpeg.description)
        self.assertIn("serve it with --tls CERT.pem KEY.pem", text)


class NginxRtmpsTest(InteropCase):
    """nginx-rtmp behind nginx's stream TLS termination (OpenSSL)."""

    def test_probe_rtmps_verified(self):
        with tls_peers.Certificates() as certs, tls_peers.NginxTls(certs) as nginx:
            report, run = tls_peers.probe_url(tls_peers.rtmps_url(nginx.tls_port, "live"),
                                              "--ca", certs.cert("ca"), "--sni", "localhost")
        self.assertEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=True, error=None, s0=3, version=NGINX_S1_VERSION,
                          mode="digest", scheme=0, s1_digest_valid=True, s2_verified=True)
        self.assertEqual(report["tls"]["version"], TLS12, report)
        self.assertTrue(report["tls"]["verified"], report)
        self.assertTrue(report["tls"]["cipher"].startswith("TLS-ECDHE-"), report)

    def test_probe_text_names_tls(self):
        with tls_peers.Certificates() as certs, tls_peers.NginxTls(certs) as nginx:
            run = peers.run_bounded(
                [tls_peers.path_of("cli"), "probe", tls_peers.rtmps_url(nginx.tls_port, "live"),
                 "--ca", certs.cert("ca"), "--sni", "localhost", "--timeout", "5"],
                peers.CLIENT_TIMEOUT_S)
        self.assertEqual(run.returncode, 0, run.description)
        self.assertRegex(run.stdout, r"\n  TLS +TLSv1\.2, TLS-ECDHE-\S+, certificate verified\n")
        self.assertIn("handshake    completed", run.stdout)

    def test_plain_probe_at_the_tls_port_names_tls(self):
        """OpenSSL closes on C0+C1 without a byte; a ClientHello on a second
        connection shows the port speaks TLS."""
        with tls_peers.Certificates() as certs, tls_peers.NginxTls(certs) as nginx:
            with socket.create_connection(("127.0.0.1", nginx.tls_port), timeout=5) as s:
                s.sendall(b"\x03" + bytes(1536))
                first = s.recv(16)
            report, run = tls_peers.probe_url("rtmp://127.0.0.1:%d/live" % nginx.tls_port)
        self.assertEqual(first, b"", "nginx answered C0+C1 with bytes: %r" % first)
        self.assertNotEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=False, error="RTMP_HS_ERR_TLS", s0=None, tls=None)
        self.assertIn("try rtmps://", run.stderr)

    def test_rtmps_probe_at_the_plain_port_says_no_tls(self):
        """nginx-rtmp waits for 1537 bytes and says nothing to a ClientHello;
        plain C0+C1 on a second connection shows it speaks RTMP."""
        with tls_peers.Certificates() as certs, tls_peers.NginxTls(certs) as nginx:
            report, run = tls_peers.probe_url(tls_peers.rtmps_url(nginx.rtmp_port, "live"),
                                              "--ca", certs.cert("ca"), "--timeout", "2")
        self.assertNotEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=False, tls=None,
                          error="the server does not speak TLS: it answers plain RTMP; "
                                "try rtmp://")


class CertificateTest(InteropCase):
    """probe rtmps:// against `serve --tls` with certificates that do not verify."""

    def _probe(self, cert_name, *probe_options):
        with tls_peers.Certificates() as certs, \
                tls_peers.OurTlsServer(certs, cert_name, count=1) as server:
            args = [a.replace("{ca}", certs.cert("ca")) for a in probe_options]
            report, run = tls_peers.probe_url(tls_peers.rtmps_url(server.port, "live"),
                                              "--sni", "localhost", *args)
            served = server.reports(1)[0]
        return report, run, served

    def test_wrong_name_fails_with_the_reason(self):
        report, run, _ = self._probe("other", "--ca", "{ca}")
        self.assertNotEqual(run.returncode, 0, run.description)
        self.assertFalse(report["ok"], report)
        self.assertIn("wrong name (it is not for 'localhost')", report["error"])
        self.assertNotIn("unknown issuer", report["error"])
        self.assertIs(report["tls"]["verified"], False, report)
        self.assertIn("wrong name", run.stderr)

    def test_unknown_issuer_fails_with_the_reason(self):
        # Without --ca: the system store, which does not know the test CA.
        report, run, _ = self._probe("stranger")
        self.assertNotEqual(run.returncode, 0, run.description)
        self.assertIn("unknown issuer", report["error"], report)
        self.assertNotIn("wrong name", report["error"])
        self.assertIs(report["tls"]["verified"], False, report)

    def test_expired_fails_with_the_reason(self):
        report, run, _ = self._probe("expired", "--ca", "{ca}")
        self.assertNotEqual(run.returncode, 0, run.description)
        self.assertIn("did not verify: expired", report["error"], report)
        self.assertNotIn("wrong name", report["error"])
        self.assertNotIn("unknown issuer", report["error"])

    def test_unknown_issuer_with_the_wrong_ca(self):
        report, run, _ = self._probe("stranger", "--ca", "{ca}")
        self.assertIn("unknown issuer", report["error"], report)

    def test_insecure_goes_on_and_says_unverified(self):
        for name, extra in (("other", ("--ca", "{ca}")), ("stranger", ())):
            with self.subTest(cert=name):
                report, run, served = self._probe(name, "--insecure", *extra)
                self.assertEqual(run.returncode, 0, run.description)
                self.assertReport(report, run, ok=True, error=None, s0=3, mode="digest")
                self.assertIs(report["tls"]["verified"], False, report)
                self.assertTrue(served["ok"], served)

    def test_good_certificate_verifies(self):
        report, run, served = self._probe("localhost", "--ca", "{ca}")
        self.assertEqual(run.returncode, 0, run.description)
        self.assertIs(report["tls"]["verified"], True, report)
        self.assertEqual(report["tls"]["cipher"], served["tls"]["cipher"])


class TlsWrongProtocolTest(InteropCase):
    def test_rtmps_probe_at_plain_serve_says_no_tls(self):
        """Our plain serve closes on a ClientHello (RTMP_HS_ERR_TLS) and says
        nothing; C0+C1 on a second connection is answered."""
        with peers.OurServer(count=2) as server:
            report, run = tls_peers.probe_url(tls_peers.rtmps_url(server.port, "live"))
            served = server.reports(2)
        self.assertNotEqual(run.returncode, 0, run.description)
        self.assertReport(report, run, ok=False, tls=None,
                          error="the server does not speak TLS: it answers plain RTMP; "
                                "try rtmp://")
        self.assertEqual([r["error"] for r in served], ["RTMP_HS_ERR_TLS", None])

    def test_plain_probe_at_serve_tls(self):
        with tls_peers.Certificates() as certs, \
                tls_peers.OurTlsServer(certs, count=2) as server:
            report, run = tls_peers.probe_url("rtmp://127.0.0.1:%d/live" % server.port)
            served = server.reports(2)
        self.assertReport(report, run, ok=False, error="RTMP_HS_ERR_TLS", tls=None)
        self.assertIn("no ClientHello: the client speaks plain RTMP", served[0]["error"])
        self.assertIsNone(served[0]["tls"])
        # The second connection was the probe's ClientHello.
        self.assertEqual(served[1]["tls"]["version"], TLS12, served)


    def test_plain_client_at_serve_tls_is_dropped_at_once(self):
        """C0+C1 that is already there when serve accepts fails the TLS
        handshake inside accept; the client is closed and reported then, not
        when its --timeout runs out."""
        with tls_peers.Certificates() as certs, \
                tls_peers.OurTlsServer(certs, count=3, extra=("--timeout", "60")) as server:
            for _ in range(3):
                with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
                    s.sendall(b"\x03" + bytes(1536))
                    try:
                        self.assertEqual(s.recv(16), b"")
                    except ConnectionResetError:
                        pass  # closed with our bytes unread: a reset
            served = server.reports(3, timeout=20)
        for r in served:
            self.assertIn("no ClientHello: the client speaks plain RTMP", r["error"], served)


class SilentTlsClientTest(InteropCase):
    def test_silent_client_dropped_after_timeout_while_others_served(self):
        timeout_s = 5
        with tls_peers.Certificates() as certs, \
                tls_peers.OurTlsServer(certs, count=3, extra=("--timeout", str(timeout_s))) \
                as server:
            silent = tls_peers.SilentTlsClient(server.port)
            self.assertTrue(silent.wait_handshake(), "the silent client never got TLS")
            self.assertIsNone(silent.handshake_error)
            # A client that never sends even a ClientHello.
            mute = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            ffmpeg = tls_peers.ffmpeg_publish_url(tls_peers.rtmps_url(server.port))
            reports = server.reports(3, timeout=timeout_s + 15)
            silent.join()
            mute.close()
        by_error = {r["error"]: r for r in reports}
        self.assertEqual(reports[0]["next"], "connect",
                         "FFmpeg should be reported first, before the timeouts: %r\n%s"
                         % (reports, ffmpeg.description))
        self.assertTrue(reports[0]["ok"], reports)
        self.assertIn("timeout", by_error, reports)  # the silent TLS client
        self.assertIsNotNone(by_error["timeout"]["tls"], reports)
        self.assertIn("timeout: no ClientHello (the client sent nothing)", by_error, reports)
        self.assertIsNotNone(silent.closed_after, "the silent client was never dropped")
        self.assertGreaterEqual(silent.closed_after, timeout_s - 1)
        self.assertLess(silent.closed_after, timeout_s + 5)


if __name__ == "__main__":
    unittest.main()
