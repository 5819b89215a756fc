#!/usr/bin/env python3
"""`serve` holds more than 512 clients at once and answers a new one meanwhile.

Starts `rtmp-handshake serve --count N+1 --json` and drives it with the storm
load generator ($RTMP_HS_STORM): N clients complete their handshake and stay
open (serve waits for their first command), one more client connects, hands
shakes and sends `connect`, then the N send theirs. Correctness only, with
generous bounds: all N were open at once, the extra client was served while
they were (its report is serve's first line, before any of the N), and every
client was reported ok with next "connect". Serve is stopped by its PID.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import unittest

TOOL = os.environ.get("RTMP_HS_TOOL", "rtmp-handshake")
STORM = os.environ.get("RTMP_HS_STORM", "rtmp_hs_storm")
HELD = 1100  # past the old poll loop's cap of 512 clients
TIMEOUT_S = 120


def soft_limit(n):
    """A preexec_fn: the child starts with a soft descriptor limit of n."""
    def apply():
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n, hard), hard))
    return apply


class ServeStorm(unittest.TestCase):
    def test_holds_more_than_512_and_serves_a_new_client_meanwhile(self):
        self.run_storm(limit=None)

    def test_raises_a_low_soft_descriptor_limit(self):
        # 256 descriptors could not hold 1,100 clients: serve raises the
        # soft limit to the hard one (needs a hard limit above 1,100 + 64).
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        self.assertGreater(hard, HELD + 64, "this test needs ulimit -Hn > 1164")
        self.run_storm(limit=256)

    def test_says_when_the_hard_limit_is_too_low(self):
        def low_hard_limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))
        serve = subprocess.Popen(
            [TOOL, "serve", "--listen", "127.0.0.1:0", "--count", "1000"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            preexec_fn=low_hard_limit)
        try:
            first = serve.stderr.readline()
            warning = serve.stderr.readline()
        finally:
            serve.kill()  # by PID
            serve.wait()
            serve.stderr.close()
        self.assertTrue(first.startswith("listening on 127.0.0.1:"), first)
        self.assertIn("descriptor limit (200", warning)
        self.assertIn("holds about 136 concurrent clients, fewer than --count 1000",
                      warning)

    def run_storm(self, limit):
        # The reports go to a file: a pipe nobody reads while the storm runs
        # would fill up and stop serve.
        reports_file = tempfile.TemporaryFile(mode="w+")
        self.addCleanup(reports_file.close)
        serve = subprocess.Popen(
            [TOOL, "serve", "--listen", "127.0.0.1:0", "--count", str(HELD + 1),
             "--timeout", "100", "--json"],
            stdout=reports_file, stderr=subprocess.PIPE, text=True,
            preexec_fn=soft_limit(limit) if limit else None)
        self.addCleanup(serve.stderr.close)
        try:
            line = serve.stderr.readline()
            self.assertTrue(line.startswith("listening on 127.0.0.1:"), line)
            port = int(line.rsplit(":", 1)[1])
            storm = subprocess.run(
                [STORM, "--port", str(port), "--connections", str(HELD),
                 "--deadline", "60"],
                capture_output=True, text=True, timeout=TIMEOUT_S)
            self.assertEqual(storm.returncode, 0, storm.stdout + storm.stderr)
            result = json.loads(storm.stdout)
            self.assertEqual(result["held"], HELD)
            self.assertEqual(result["held_at_probe"], HELD)
            self.assertEqual(result["served"], HELD + 1)
            _, err = serve.communicate(timeout=TIMEOUT_S)
        finally:
            if serve.poll() is None:
                serve.kill()  # by PID
                serve.wait()
        self.assertEqual(serve.returncode, 0, err)
        reports_file.seek(0)
        reports = [json.loads(l) for l in reports_file.read().splitlines()]
        self.assertEqual(len(reports), HELD + 1)
        self.assertEqual(reports[0]["peer"], "127.0.0.1:%d" % result["probe_port"])
        self.assertEqual(len({r["peer"] for r in reports}), HELD + 1)
        for r in reports:
            self.assertTrue(r["ok"], r)
            self.assertEqual(r["next"], "connect", r)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
