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
import subprocess
import sys
import tempfile
import unittest

TOOL = os.environ.get("RTMP_HS_TOOL", "rtmp-handshake")
STORM = os.environ.get("RTMP_HS_STORM", "rtmp_hs_storm")
HELD = 1100  # past the old poll loop's cap of 512 clients
TIMEOUT_S = 120


class ServeStorm(unittest.TestCase):
    def test_holds_more_than_512_and_serves_a_new_client_meanwhile(self):
        # The reports go to a file: a pipe nobody reads while the storm runs
        # would fill up and stop serve.
        reports_file = tempfile.TemporaryFile(mode="w+")
        self.addCleanup(reports_file.close)
        serve = subprocess.Popen(
            [TOOL, "serve", "--listen", "127.0.0.1:0", "--count", str(HELD + 1),
             "--timeout", "100", "--json"],
            stdout=reports_file, stderr=subprocess.PIPE, text=True)
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
