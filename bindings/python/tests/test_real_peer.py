"""The asyncio examples against real peers: FFmpeg publishing into the example
server, and the example client against the example server.

Everything runs on 127.0.0.1; the server listens on a port the kernel picks;
FFmpeg is our child, bounded by a timeout and stopped by its PID.
"""

import asyncio
import os
import tempfile
import unittest

from support import add_examples_to_path

from rtmp_handshake import Mode

add_examples_to_path()
import asyncio_client  # noqa: E402
import asyncio_server  # noqa: E402

FFMPEG_C1_VERSION = 0x09007C02  # what FFmpeg 5.1's RTMP client puts in C1
TIMEOUT_S = 30
STOP_GRACE_S = 5


def ffmpeg_path():
    path = os.environ.get("RTMP_HS_FFMPEG", "")
    if not path or not os.path.exists(path):
        raise AssertionError("ffmpeg not found (RTMP_HS_FFMPEG=%r at configure time): "
                             "apt-get install ffmpeg, then re-run cmake" % path)
    return path


def child_environment():
    # Under the asan preset the sanitizer runtime is preloaded for Python; FFmpeg
    # is not ours and must not inherit it.
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    return env


async def stop(proc):
    """Stop a child by its PID: terminate, then kill if it lingers."""
    if proc.returncode is None:
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), STOP_GRACE_S)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()


async def serve_one(client_coro_factory, **options):
    """Run the example server for one client; returns (report, client result)."""
    reports = []
    started = asyncio.get_running_loop().create_future()
    server = asyncio.create_task(asyncio_server.serve(
        "127.0.0.1", 0, count=1, on_report=reports.append, started=started, **options))
    try:
        port = await asyncio.wait_for(started, TIMEOUT_S)
        result = await client_coro_factory(port)
        await asyncio.wait_for(server, TIMEOUT_S)
    finally:
        server.cancel()
    return reports[0], result


async def ffmpeg_publish(port, log):
    """FFmpeg publishing a 1 s test pattern to us; its stderr goes to log (a
    file, so a chatty child never blocks on a full pipe)."""
    proc = await asyncio.create_subprocess_exec(
        ffmpeg_path(), "-nostdin", "-hide_banner", "-loglevel", "info", "-re",
        "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-t", "1",
        "-rw_timeout", "5000000", "-f", "flv", "rtmp://127.0.0.1:%d/live/s" % port,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=log, env=child_environment())
    return proc


class FfmpegPublishes(unittest.TestCase):
    def publish(self, **options):
        log = tempfile.TemporaryFile()
        self.addCleanup(log.close)

        async def scenario():
            procs = []

            async def client(port):
                procs.append(await ffmpeg_publish(port, log))
                return procs[0]

            try:
                report, proc = await asyncio.wait_for(serve_one(client, **options), TIMEOUT_S)
            finally:
                for proc in procs:
                    await stop(proc)
            return report, proc

        try:
            report, proc = asyncio.run(scenario())
        except asyncio.TimeoutError:
            self.fail("no report within %d s; ffmpeg said:\n%s" % (TIMEOUT_S, self.tail(log)))
        self.assertIsNotNone(proc.pid)
        self.assertTrue(report["ok"], "%s\nffmpeg said:\n%s" % (report, self.tail(log)))
        return report

    @staticmethod
    def tail(log):
        log.seek(0)
        return log.read()[-3000:].decode("utf-8", "replace")

    def check(self, report):
        self.assertEqual(report["error"], None, report)
        self.assertEqual(report["c0"], 3)
        self.assertEqual(report["version"], FFMPEG_C1_VERSION)
        self.assertEqual(report["mode"], Mode.DIGEST.name.lower())
        self.assertEqual(report["scheme"], 0)
        self.assertIs(report["c2_verified"], True)
        self.assertEqual(report["next"], "connect")
        self.assertIn("c2_verified=True next=connect", asyncio_server.describe(report))

    def test_ffmpeg_publishing_is_handshaken(self):
        self.check(self.publish())

    def test_ffmpeg_passes_a_strict_server(self):
        self.check(self.publish(require_digest=True, verify_p2=True))


class ExampleClientAndServer(unittest.TestCase):
    def run_pair(self, client_options, server_options=None):
        async def scenario():
            return await asyncio.wait_for(serve_one(
                lambda port: asyncio_client.handshake("127.0.0.1", port, **client_options),
                **(server_options or {})), TIMEOUT_S)

        return asyncio.run(scenario())

    def test_digest(self):
        report, client = self.run_pair({})
        self.assertTrue(report["ok"], report)
        self.assertEqual((report["mode"], client["mode"]), ("digest", "digest"))
        self.assertEqual(report["version"], 0x80000702)
        self.assertEqual(client["version"], 0x04050001)
        self.assertTrue(report["c2_verified"] and client["s2_verified"])
        self.assertEqual((client["s0"], report["c0"]), (3, 3))

    def test_simple(self):
        report, client = self.run_pair({"version": 0})
        self.assertEqual((report["mode"], client["mode"]), ("simple", "simple"))
        self.assertIsNone(report["scheme"])
        self.assertIsNone(report["next"])  # the example client sends no RTMP

    def test_refused_by_a_strict_server(self):
        async def scenario():
            async def client(port):
                try:
                    await asyncio_client.handshake("127.0.0.1", port, version=0)
                except ConnectionError as e:
                    return e
                return None

            return await asyncio.wait_for(serve_one(client, require_digest=True), TIMEOUT_S)

        report, client_error = asyncio.run(scenario())
        self.assertFalse(report["ok"])
        self.assertEqual(report["error"], "RTMP_HS_ERR_DIGEST")
        self.assertIsInstance(client_error, ConnectionError)


if __name__ == "__main__":
    unittest.main()
