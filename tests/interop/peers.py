"""The programs the interop suite talks to, and how to run each one.

Paths come from the environment that ctest sets (found by CMake at configure
time). A missing program is a test failure that names the Debian package.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile

from children import Child, free_port, is_listening, run_bounded, wait_until

START_TIMEOUT_S = 10
CLIENT_TIMEOUT_S = 20  # bound on any one client run (its own timeouts are shorter)

# name -> (environment variable, what to install)
REQUIREMENTS = {
    "ffmpeg": ("INTEROP_FFMPEG", "install the Debian package ffmpeg (apt-get install ffmpeg)"),
    "rtmpdump": ("INTEROP_RTMPDUMP", "install the Debian package rtmpdump (apt-get install rtmpdump)"),
    "nginx": (
        "INTEROP_NGINX",
        "install the Debian package nginx-light or nginx-core (apt-get install nginx-light)",
    ),
    "nginx-rtmp": (
        "INTEROP_NGINX_RTMP_MODULE",
        "install the Debian package libnginx-mod-rtmp (apt-get install libnginx-mod-rtmp)",
    ),
    "librtmp-server": (
        "RTMP_HS_LIBRTMP_SERVER",
        "install the Debian package librtmp-dev (apt-get install librtmp-dev), which the "
        "harness interop_librtmp_server is built against",
    ),
    "cli": (
        "RTMP_HS_CLI",
        "build the rtmp-handshake tool (CMake target rtmp_hs_cli in tools/, RTMP_HS_BUILD_TOOLS=ON)",
    ),
    "connect-client": ("RTMP_HS_CONNECT_CLIENT", "build the target interop_connect_client"),
}


class MissingPeer(AssertionError):
    """A failure, not a skip: the suite proves nothing without the peer."""


def path_of(name):
    variable, install = REQUIREMENTS[name]
    path = os.environ.get(variable, "")
    if not path or not os.path.exists(path):
        raise MissingPeer(
            "%s not found (%s=%r at configure time): %s, then re-run cmake"
            % (name, variable, path, install)
        )
    return path


def last_json(text):
    """The last line of text that parses as a JSON object, or None."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return None


def rtmp_url(port, path="live/s", scheme="rtmp"):
    return "%s://127.0.0.1:%d/%s" % (scheme, port, path)


# ---- Our side ---------------------------------------------------------------


class OurServer(Child):
    """`rtmp-handshake serve` on a port of its choosing."""

    def __init__(self, count=1, extra=()):
        super().__init__(
            [path_of("cli"), "serve", "--listen", "127.0.0.1:0", "--count", count,
             "--json", "--timeout", "10", *extra]
        )
        pattern = re.compile(r"listening on 127\.0\.0\.1:(\d+)")
        match = self.wait_for_lines(
            "stderr", lambda lines: next(filter(None, map(pattern.search, lines)), None),
            START_TIMEOUT_S,
        )
        if not match:
            self.stop()
            raise AssertionError("serve never said it was listening:\n" + self.describe())
        self.port = int(match.group(1))

    def reports(self, count=1, timeout=CLIENT_TIMEOUT_S):
        def parsed(lines):
            objects = [json.loads(l) for l in lines if l.strip().startswith("{")]
            return objects if len(objects) >= count else None

        found = self.wait_for_lines("stdout", parsed, timeout)
        if not found:
            raise AssertionError("serve reported fewer than %d clients:\n%s"
                                 % (count, self.describe()))
        return found


def probe(port, *extra):
    """`rtmp-handshake probe --json`: (report dict or None, Finished)."""
    return probe_url(rtmp_url(port, "live"), *extra)


def probe_url(url, *extra):
    run = run_bounded(
        [path_of("cli"), "probe", url, "--json", "--timeout", "5", *extra],
        CLIENT_TIMEOUT_S,
    )
    return last_json(run.stdout), run


def connect(port, *extra):
    """Our handshake, then AMF0 connect: (report dict or None, Finished)."""
    run = run_bounded(
        [path_of("connect-client"), "127.0.0.1", str(port), "live", "--timeout", "5", *extra],
        CLIENT_TIMEOUT_S,
    )
    return last_json(run.stdout), run


# ---- Real peers -------------------------------------------------------------


def ffmpeg_play(port):
    return run_bounded(
        [path_of("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "info",
         "-rw_timeout", "5000000", "-i", rtmp_url(port), "-t", "1", "-f", "null", "-"],
        CLIENT_TIMEOUT_S,
    )


def ffmpeg_publish(port):
    return run_bounded(
        [path_of("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "info", "-re",
         "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-t", "1",
         "-rw_timeout", "5000000", "-f", "flv", rtmp_url(port)],
        CLIENT_TIMEOUT_S,
    )


def rtmpdump(port, *extra, scheme="rtmp"):
    return run_bounded(
        [path_of("rtmpdump"), "-r", rtmp_url(port, scheme=scheme), "-o", "/dev/null", "-m", "5",
         *extra],
        CLIENT_TIMEOUT_S,
    )


def wait_listening(child, port):
    if not wait_until(lambda: is_listening(port) or child.proc.poll() is not None,
                      START_TIMEOUT_S) or not is_listening(port):
        child.stop()
        raise AssertionError("%s is not listening on %d:\n%s"
                             % (child.argv[0], port, child.describe()))


class FfmpegListener(Child):
    """`ffmpeg -listen 1`: FFmpeg's own RTMP server, one client."""

    def __init__(self):
        self.port = free_port()
        super().__init__(
            [path_of("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "info",
             "-listen", "1", "-timeout", "20", "-i", rtmp_url(self.port), "-f", "null", "-"]
        )
        wait_listening(self, self.port)


NGINX_CONF = """\
load_module {module};
daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 64; }}
rtmp {{
    access_log {dir}/access.log;
    server {{
        listen 127.0.0.1:{port};
        application live {{ live on; }}
    }}
}}
"""


class Nginx(Child):
    """nginx with nginx-rtmp, configured in a temporary directory."""

    def __init__(self):
        nginx, module = path_of("nginx"), path_of("nginx-rtmp")
        self.dir = tempfile.mkdtemp(prefix="rtmp-hs-nginx-")
        self.port = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w", encoding="ascii") as f:
            f.write(NGINX_CONF.format(module=module, dir=self.dir, port=self.port))
        super().__init__([nginx, "-p", self.dir, "-c", conf,
                          "-e", os.path.join(self.dir, "error.log")])
        wait_listening(self, self.port)

    def error_log(self):
        try:
            with open(os.path.join(self.dir, "error.log"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        super().stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class LibrtmpServer(Child):
    """librtmp's RTMP_Serve on one connection (our harness). read=True: then
    librtmp reads (and under RTMPE decrypts) the first command and prints
    "first command: NAME"."""

    def __init__(self, read=False):
        super().__init__([path_of("librtmp-server"), "0", "10", *(["read"] if read else [])])
        pattern = re.compile(r"listening on 127\.0\.0\.1:(\d+)")
        match = self.wait_for_lines(
            "stdout", lambda lines: next(filter(None, map(pattern.search, lines)), None),
            START_TIMEOUT_S,
        )
        if not match:
            self.stop()
            raise AssertionError("librtmp harness did not start:\n" + self.describe())
        self.port = int(match.group(1))


# ---- Versions, for the record -----------------------------------------------


def installed_versions():
    """Debian package versions of the peers, as dpkg reports them."""
    packages = ["ffmpeg", "rtmpdump", "librtmp1", "librtmp-dev", "nginx-light",
                "nginx-core", "libnginx-mod-rtmp"]
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version} ${Status}\\n",
                              *packages], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return {fields[0]: fields[1] for fields in (l.split() for l in out.splitlines())
            if len(fields) >= 2 and "installed" in fields[2:]}
