#!/usr/bin/env python3
"""End-to-end tests of the rtmp-handshake tool's documented interface.

Runs the built tool (path in $RTMP_HS_TOOL) as `serve`, `probe` and `demo`
on 127.0.0.1, with hand-made peers written here: well-behaved ones, and
hostile ones (HTTP, TLS, garbage, silence, abrupt closes). Every child is
bounded by a timeout and stopped by its PID.
"""
import json
import os
import random
import socket
import struct
import subprocess
import sys
import time
import unittest

TOOL = os.environ.get("RTMP_HS_TOOL", "rtmp-handshake")
P1_SIZE = 1536
CHILD_TIMEOUT = 30


def run_tool(*args, timeout=CHILD_TIMEOUT):
    return subprocess.run([TOOL, *args], capture_output=True, text=True,
                          timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """`rtmp-handshake serve` on a free port; reports() waits for --count."""

    def __init__(self, *args, count):
        self.proc = subprocess.Popen(
            [TOOL, "serve", "--listen", "127.0.0.1:0", "--count", str(count),
             "--json", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        if not line.startswith("listening on 127.0.0.1:"):
            self.stop()
            raise AssertionError("no 'listening on' line: %r" % line)
        self.port = int(line.rsplit(":", 1)[1])

    def reports(self, timeout=CHILD_TIMEOUT):
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        finally:
            self.stop()
        assert self.proc.returncode == 0, self.proc.returncode
        return [json.loads(line) for line in out.splitlines()]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()  # by PID
            self.proc.wait()
        for pipe in (self.proc.stdout, self.proc.stderr):
            if not pipe.closed:
                pipe.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_exactly(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def reset_close(s):
    """Close with an RST instead of a FIN."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def simple_c1(time_ms=0):
    return struct.pack(">II", time_ms, 0) + os.urandom(P1_SIZE - 8)


def command_chunk(name, timestamp=0, type_id=20, extra=b""):
    """A fmt-0 chunk on csid 3 carrying an AMF0 string `name` (bytes)."""
    body = b"\x02" + struct.pack(">H", len(name)) + name + extra
    ts = min(timestamp, 0xFFFFFF)
    header = bytes([3]) + ts.to_bytes(3, "big") + len(body).to_bytes(3, "big")
    header += bytes([type_id]) + struct.pack("<I", 0)
    if ts == 0xFFFFFF:
        header += struct.pack(">I", timestamp)
    return header + body


def simple_handshake(s, after=b"", c2=None, piecewise=False):
    """Original-handshake client: C0+C1 version 0, C2 = echo of S1."""
    s.sendall(b"\x03" + simple_c1())
    s0s1s2 = recv_exactly(s, 1 + 2 * P1_SIZE)
    assert len(s0s1s2) == 1 + 2 * P1_SIZE, len(s0s1s2)
    s1 = s0s1s2[1:1 + P1_SIZE]
    data = (s1 if c2 is None else c2) + after
    if piecewise:
        for i in range(len(data)):
            s.send(data[i:i + 1])
    else:
        s.sendall(data)
    return s0s1s2


class FakeServer:
    """A one-connection TCP server with a scripted behaviour, in a child."""

    SCRIPTS = {
        "http": "c.recv(10); c.sendall(b'HTTP/1.1 400 Bad Request\\r\\n\\r\\n')",
        "tls": "c.recv(10); c.sendall(bytes([0x15, 3, 1, 0, 2, 2, 0x46]))",
        "close": "c.recv(10); c.close()",
        "half": "c.recv(1537); c.sendall(b'\\x03' + bytes(700)); c.close()",
        "silent": "time.sleep(20)",
    }

    def __init__(self, behaviour):
        code = ("import socket, sys, time\n"
                "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n"
                "print(s.getsockname()[1], flush=True)\n"
                "c, _ = s.accept()\n" + self.SCRIPTS[behaviour] +
                "\ntime.sleep(2)\n")
        self.proc = subprocess.Popen([sys.executable, "-c", code],
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.kill()  # by PID
        self.proc.wait()
        self.proc.stdout.close()


class HelpAndUsage(unittest.TestCase):
    def test_help_for_the_tool_and_each_command(self):
        top = run_tool("--help")
        self.assertEqual(top.returncode, 0)
        for command in ("probe", "serve", "demo"):
            self.assertIn(command, top.stdout)
            sub = run_tool(command, "--help")
            self.assertEqual(sub.returncode, 0, command)
            self.assertIn("Usage: rtmp-handshake " + command, sub.stdout)

    def test_version_prints_the_library_version(self):
        r = run_tool("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^rtmp-handshake \d+\.\d+\.\d+\n$")

    def test_usage_errors_exit_2(self):
        for args in ([], ["bogus"], ["--bogus"], ["probe"],
                     ["probe", "rtmp://h", "--bogus"],
                     ["probe", "rtmp://h", "--scheme", "2"],
                     ["probe", "rtmp://h", "--version", "0x1FFFFFFFF"],
                     ["probe", "rtmp://h", "--timeout"],
                     ["probe", "rtmp://h", "--json=1"],
                     ["probe", "http://h/"], ["probe", "rtmp://h:0/"],
                     ["serve", "--bogus"], ["serve", "--count", "0"],
                     ["serve", "--listen", "nohost"], ["serve", "extra"],
                     ["demo", "--bogus"]):
            r = run_tool(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertTrue(r.stderr, args)
            self.assertEqual(r.stdout, "", args)

    def test_tls_options_need_tls(self):
        cases = {("probe", "rtmp://h/live", "--sni", "x"): "--sni needs an rtmps:// URL",
                 ("probe", "rtmp://h/live", "--insecure"): "--insecure needs an rtmps:// URL",
                 ("probe", "rtmp://h/live", "--ca", "f"): "--ca needs an rtmps:// URL",
                 ("serve", "--tls", "cert.pem"): "--tls needs two files",
                 ("serve", "--tls", "cert.pem", "--json"): "--tls needs two files"}
        for args, message in cases.items():
            r = run_tool(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(message, r.stderr, args)

    def test_unreadable_tls_files_exit_1(self):
        r = run_tool("serve", "--tls", "/nonexistent/c.pem", "/nonexistent/k.pem")
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot read /nonexistent/c.pem", r.stderr)
        r = run_tool("probe", "rtmps://127.0.0.1:1/live", "--ca", "/nonexistent/ca.pem")
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot read /nonexistent/ca.pem", r.stderr)
        r = run_tool("serve", "--tls", __file__, __file__)  # not PEM at all
        self.assertEqual(r.returncode, 1)
        self.assertIn("the certificate does not parse", r.stderr)

    def test_bad_encryption_values_exit_2(self):
        for args in (["probe", "rtmp://127.0.0.1/live", "--encrypt", "7"],
                     ["probe", "rtmpe://127.0.0.1/live", "--encrypt", "3"],
                     ["serve", "--encrypt", "7"], ["serve", "--encrypt", "6,"],
                     ["serve", "--encrypt", "0x1"], ["serve", "--encrypt", "0x0"],
                     ["serve", "--encrypt", "0x341"]):
            r = run_tool(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn("--encrypt", r.stderr)


class Demo(unittest.TestCase):
    def test_every_row_as_expected(self):
        r = run_tool("demo")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("10 of 10 rows as expected", r.stdout)
        for row in ("RTMPE type 6", "RTMPE type 8 (XTEA)",
                    "RTMPE type 9 (Blowfish)"):
            self.assertIn(row, r.stdout)
        self.assertIn("RTMPS: digest over TLS", r.stdout)
        self.assertNotIn("UNEXPECTED", r.stdout)
        # The RTMPS row: TLS 1.2 with the demo's own certificate, verified.
        self.assertRegex(r.stdout, r"\nRTMPS: digest over TLS: TLSv1\.2, TLS-\S+, "
                                   r"certificate verified ")


class ProbeAgainstServe(unittest.TestCase):
    def probe_pair(self, *probe_args, serve_args=(), scheme="rtmp"):
        with Serve(*serve_args, count=1) as serve:
            r = run_tool("probe", "%s://127.0.0.1:%d/live" % (scheme, serve.port),
                         "--json", *probe_args)
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.splitlines()
            self.assertEqual(len(lines), 1)
            (served,) = serve.reports()
        return json.loads(lines[0]), served

    def test_digest_scheme_0(self):
        probe, served = self.probe_pair()
        for key in ("url", "ok", "error", "s0", "version", "mode", "scheme",
                    "s1_digest_valid", "s2_verified", "encryption", "rtt_ms"):
            self.assertIn(key, probe)
        self.assertTrue(probe["ok"])
        self.assertIsNone(probe["error"])
        self.assertEqual(probe["s0"], 3)
        self.assertEqual(probe["version"], 0x04050001)
        self.assertEqual(probe["mode"], "digest")
        self.assertEqual(probe["scheme"], 0)
        self.assertTrue(probe["s1_digest_valid"])
        self.assertTrue(probe["s2_verified"])
        self.assertIsInstance(probe["rtt_ms"], (int, float))
        self.assertGreaterEqual(probe["rtt_ms"], 0)
        self.assertEqual(set(served), {"peer", "ok", "error", "c0", "version",
                                       "mode", "scheme", "c2_verified",
                                       "encryption", "next", "tls"})
        self.assertIsNone(probe["tls"])  # plain TCP
        self.assertIsNone(served["tls"])
        self.assertTrue(served["ok"])
        self.assertRegex(served["peer"], r"^127\.0\.0\.1:\d+$")
        self.assertEqual(served["c0"], 3)
        self.assertEqual(served["version"], 0x80000702)
        self.assertEqual(served["mode"], "digest")
        self.assertEqual(served["scheme"], 0)
        self.assertTrue(served["c2_verified"])
        self.assertIsNone(served["next"])  # probe sends nothing after C2
        self.assertEqual((probe["encryption"], served["encryption"]), (0, 0))

    def test_rtmpe_url_asks_for_type_6(self):
        probe, served = self.probe_pair(serve_args=("--encrypt", "all"),
                                        scheme="rtmpe")
        self.assertTrue(probe["ok"], probe)
        self.assertEqual((probe["s0"], probe["mode"], probe["encryption"]),
                         (6, "encrypted", 6))
        self.assertTrue(probe["s1_digest_valid"] and probe["s2_verified"])
        self.assertEqual((served["c0"], served["mode"], served["encryption"]),
                         (6, "encrypted", 6))
        self.assertTrue(served["c2_verified"])

    def test_encrypt_8_and_9(self):
        for t, mask in (("8", "8,9"), ("9", "0x300")):
            probe, served = self.probe_pair("--encrypt", t,
                                            serve_args=("--encrypt", mask))
            self.assertEqual((probe["s0"], probe["encryption"]), (int(t), int(t)))
            self.assertEqual((served["c0"], served["encryption"],
                              served["c2_verified"]), (int(t), int(t), True))

    def test_encrypted_client_refused_by_a_plain_server(self):
        with Serve(count=1) as serve:
            r = run_tool("probe", "rtmpe://127.0.0.1:%d/live" % serve.port,
                         "--json")
            (served,) = serve.reports()
        self.assertEqual(r.returncode, 1)
        self.assertFalse(json.loads(r.stdout)["ok"])
        self.assertEqual((served["ok"], served["error"], served["c0"]),
                         (False, "RTMP_HS_ERR_UNSUPPORTED", 6))
        self.assertEqual(served["encryption"], 0)

    def test_encrypted_probe_refuses_a_plain_answer(self):
        """A server whose S0 is 3 (here: a hand-made one) is a downgrade."""
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            port = listener.getsockname()[1]
            proc = subprocess.Popen(
                [TOOL, "probe", "rtmpe://127.0.0.1:%d/live" % port, "--json",
                 "--timeout", "5"], stdout=subprocess.PIPE, text=True)
            try:
                conn, _ = listener.accept()
                with conn:
                    conn.recv(1537)
                    conn.sendall(b"\x03" + bytes(P1_SIZE))
                    out, _ = proc.communicate(timeout=CHILD_TIMEOUT)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        report = json.loads(out)
        self.assertEqual((report["ok"], report["error"], report["s0"],
                          report["encryption"]),
                         (False, "RTMP_HS_ERR_UNSUPPORTED", 3, 0))

    def test_scheme_1_is_mirrored(self):
        probe, served = self.probe_pair("--scheme", "1")
        self.assertEqual((probe["mode"], probe["scheme"]), ("digest", 1))
        self.assertEqual((served["mode"], served["scheme"]), ("digest", 1))

    def test_simple_client(self):
        probe, served = self.probe_pair("--simple")
        self.assertEqual(probe["mode"], "simple")
        self.assertEqual(probe["version"], 0)
        self.assertIsNone(probe["scheme"])
        self.assertFalse(probe["s1_digest_valid"])
        self.assertTrue(probe["s2_verified"])  # S2 echoes our C1
        self.assertEqual((served["version"], served["mode"]), (0, "simple"))
        self.assertTrue(served["c2_verified"])

    def test_version_option_reaches_c1(self):
        _, served = self.probe_pair("--version", "0x0A002D02")
        self.assertEqual(served["version"], 0x0A002D02)
        _, served = self.probe_pair("--version", "16777216")
        self.assertEqual(served["version"], 0x01000000)

    def test_human_output(self):
        with Serve(count=1) as serve:
            r = run_tool("probe", "rtmp://127.0.0.1:%d" % serve.port)
            serve.reports()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("0x04050001 (4.5.0.1)", r.stdout)
        self.assertRegex(r.stdout, r"mode\s+digest")
        self.assertRegex(r.stdout, r"S2\s+verified")


class ProbeFailures(unittest.TestCase):
    def probe(self, port, *args):
        r = run_tool("probe", "rtmp://127.0.0.1:%d/live" % port, "--json",
                     "--timeout", "1", *args)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertTrue(r.stderr)
        report = json.loads(r.stdout)
        self.assertFalse(report["ok"])
        return report

    def test_connection_refused(self):
        report = self.probe(free_port())
        self.assertEqual(report["error"], "connection refused")
        self.assertIsNone(report["s0"])
        self.assertIsNone(report["mode"])

    def test_http_on_the_port(self):
        with FakeServer("http") as fake:
            self.assertEqual(self.probe(fake.port)["error"], "RTMP_HS_ERR_HTTP")

    def test_tls_on_the_port(self):
        with FakeServer("tls") as fake:
            self.assertEqual(self.probe(fake.port)["error"], "RTMP_HS_ERR_TLS")

    def test_server_closes_before_answering(self):
        with FakeServer("close") as fake:
            self.assertEqual(self.probe(fake.port)["error"],
                             "connection closed by peer during handshake")

    def test_server_closes_mid_s1(self):
        with FakeServer("half") as fake:
            report = self.probe(fake.port)
        self.assertEqual(report["error"],
                         "connection closed by peer during handshake")
        self.assertEqual(report["s0"], 3)

    def test_silent_server_times_out(self):
        with FakeServer("silent") as fake:
            started = time.monotonic()
            report = self.probe(fake.port)
            self.assertLess(time.monotonic() - started, 15)
        self.assertEqual(report["error"], "timeout")
        self.assertIsNone(report["rtt_ms"])


class ServeClients(unittest.TestCase):
    def test_next_is_the_first_command_name(self):
        with Serve(count=4) as serve:
            with connect(serve.port) as s:  # C2 and connect in one write
                simple_handshake(s, after=command_chunk(b"connect"))
                self.assertEqual(s.recv(10), b"")  # closed after reading it
            with connect(serve.port) as s:  # one byte at a time
                simple_handshake(s, after=command_chunk(b"publish"),
                                 piecewise=True)
            with connect(serve.port) as s:  # extended timestamp
                simple_handshake(
                    s, after=command_chunk(b"connect", timestamp=0x01000000))
            with connect(serve.port) as s:  # name that is not text
                simple_handshake(s, after=command_chunk(b'a"\\\n\xff\x00'))
            reports = serve.reports()
        self.assertEqual([r["next"] for r in reports],
                         ["connect", "publish", "connect",
                          'a"\\\n\ufffd\x00'])
        for r in reports:
            self.assertTrue(r["ok"])
            self.assertEqual((r["c0"], r["version"], r["mode"], r["scheme"]),
                             (3, 0, "simple", None))
            self.assertTrue(r["c2_verified"])

    def test_next_is_null_when_not_an_amf0_command(self):
        set_chunk_size = bytes([2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0,
                                0, 0, 0x10, 0])
        with Serve("--timeout", "2", count=3) as serve:
            with connect(serve.port) as s:
                simple_handshake(s, after=set_chunk_size)
                s.recv(10)
            with connect(serve.port) as s:  # AMF3 command (type 17)
                simple_handshake(s, after=command_chunk(b"connect",
                                                        type_id=17))
                s.recv(10)
            with connect(serve.port) as s:  # closes right after C2
                simple_handshake(s)
            reports = serve.reports()
        for r in reports:
            self.assertTrue(r["ok"], r)
            self.assertIsNone(r["error"])
            self.assertIsNone(r["next"])

    def test_wrong_c2_is_reported_not_refused(self):
        with Serve(count=1) as serve:
            with connect(serve.port) as s:
                simple_handshake(s, c2=bytes(P1_SIZE),
                                 after=command_chunk(b"connect"))
                s.recv(10)
            (r,) = serve.reports()
        self.assertTrue(r["ok"])
        self.assertFalse(r["c2_verified"])
        self.assertEqual(r["next"], "connect")

    def test_verify_refuses_a_wrong_c2(self):
        with Serve("--verify", count=1) as serve:
            with connect(serve.port) as s:
                simple_handshake(s, c2=bytes(P1_SIZE))
                s.recv(10)
            (r,) = serve.reports()
        self.assertFalse(r["ok"])
        self.assertEqual(r["error"], "RTMP_HS_ERR_SIGNATURE")

    def test_require_digest_refuses_an_original_client(self):
        with Serve("--require-digest", count=1) as serve:
            with connect(serve.port) as s:
                s.sendall(b"\x03" + simple_c1())
                s.recv(10)
            (r,) = serve.reports()
        self.assertFalse(r["ok"])
        self.assertEqual(r["error"], "RTMP_HS_ERR_DIGEST")
        self.assertEqual(r["c0"], 3)

    def test_foreign_protocols(self):
        with Serve(count=4) as serve:
            for opening in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
                            b"\x42" + bytes(1536), b"POST /x HTTP/1.1\r\n"):
                with connect(serve.port) as s:
                    s.sendall(opening)
                    s.recv(10)
            reports = serve.reports()
        self.assertEqual([r["error"] for r in reports],
                         ["RTMP_HS_ERR_HTTP", "RTMP_HS_ERR_TLS",
                          "RTMP_HS_ERR_VERSION", "RTMP_HS_ERR_HTTP"])
        for r in reports:
            self.assertFalse(r["ok"])
            self.assertIsNone(r["next"])

    def test_abrupt_closes_mid_handshake(self):
        with Serve(count=4) as serve:
            s = connect(serve.port)
            s.close()  # nothing sent
            s = connect(serve.port)
            s.sendall(b"\x03" + bytes(100))
            s.close()  # inside C1
            s = connect(serve.port)
            s.sendall(b"\x03" + simple_c1())
            reset_close(s)  # RST while the server answers: EPIPE territory
            s = connect(serve.port)
            s.sendall(b"\x03" + simple_c1())
            recv_exactly(s, 3073)
            s.sendall(bytes(700))
            reset_close(s)  # inside C2
            reports = serve.reports()
        for r in reports:
            self.assertFalse(r["ok"])
            self.assertEqual(r["error"],
                             "connection closed by peer during handshake")
        self.assertIsNone(reports[0]["c0"])
        self.assertEqual(reports[1]["c0"], 3)

    def test_silent_client_never_blocks_others(self):
        with Serve("--timeout", "2", count=3) as serve:
            silent = connect(serve.port)
            stalled = connect(serve.port)
            stalled.sendall(b"\x03" + bytes(500))  # then nothing
            with connect(serve.port) as s:
                simple_handshake(s, after=command_chunk(b"connect"))
                s.recv(10)
            reports = serve.reports()
            silent.close()
            stalled.close()
        # The well-behaved client is reported first, without waiting.
        self.assertTrue(reports[0]["ok"])
        self.assertEqual(reports[0]["next"], "connect")
        timed_out = sorted(reports[1:], key=lambda r: r["c0"] is not None)
        for r in timed_out:
            self.assertFalse(r["ok"])
            self.assertEqual(r["error"], "timeout")
        self.assertIsNone(timed_out[0]["c0"])
        self.assertEqual(timed_out[1]["c0"], 3)

    def test_timeout_after_the_handshake_leaves_ok(self):
        with Serve("--timeout", "1", count=1) as serve:
            with connect(serve.port) as s:
                simple_handshake(s, after=command_chunk(b"connect")[:8])
                (r,) = serve.reports()
        self.assertTrue(r["ok"])
        self.assertIsNone(r["error"])
        self.assertIsNone(r["next"])

    def test_survives_garbage_then_still_serves(self):
        rng = random.Random(1234)
        with Serve("--timeout", "2", count=21) as serve:
            for i in range(20):
                with connect(serve.port) as s:
                    blob = bytes(rng.getrandbits(8)
                                 for _ in range(rng.choice([1, 7, 1537,
                                                            3073, 5000])))
                    if i % 2:
                        blob = b"\x03" + blob  # past the C0 check
                    s.sendall(blob)
                    if i % 3 == 0:
                        reset_close(s)
            r = run_tool("probe", "rtmp://127.0.0.1:%d" % serve.port,
                         "--json")
            self.assertEqual(r.returncode, 0, r.stderr)
            reports = serve.reports()
        self.assertEqual(len(reports), 21)
        self.assertTrue(any(r["ok"] and r["mode"] == "digest"
                            for r in reports))

    def test_human_output_one_line_per_client(self):
        proc = subprocess.Popen(
            [TOOL, "serve", "--listen", "127.0.0.1:0", "--count", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            port = int(proc.stderr.readline().rsplit(":", 1)[1])
            with connect(port) as s:
                simple_handshake(s, after=command_chunk(b"connect"))
                s.recv(10)
            out, _ = proc.communicate(timeout=CHILD_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 0)
        self.assertRegex(out, r'^127\.0\.0\.1:\d+ ok c0=3 version=0x00000000 '
                              r'.* mode=simple .*next="connect"\n$')

    def test_address_in_use_exits_1(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            port = taken.getsockname()[1]
            r = run_tool("serve", "--listen", "127.0.0.1:%d" % port)
        self.assertEqual(r.returncode, 1)
        self.assertIn("address already in use", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
