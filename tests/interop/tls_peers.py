"""RTMPS peers: certificates made with the `openssl` command at test time,
nginx-rtmp behind nginx's stream TLS termination, our `serve --tls`, and
the clients that talk TLS to it.

Like peers.py, every program runs on 127.0.0.1 as a child stopped by PID;
a missing program is a failure that names the Debian package.
"""

import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time

import peers
from children import Child, free_port, run_bounded

OPENSSL_TIMEOUT_S = 30

TLS_REQUIREMENTS = {
    "openssl": ("INTEROP_OPENSSL", "install the Debian package openssl (apt-get install openssl)"),
    "nginx-stream": (
        "INTEROP_NGINX_STREAM_MODULE",
        "install the Debian package libnginx-mod-stream (apt-get install libnginx-mod-stream)",
    ),
}


def path_of(name):
    if name in TLS_REQUIREMENTS:
        variable, install = TLS_REQUIREMENTS[name]
        path = os.environ.get(variable, "")
        if not path or not os.path.exists(path):
            raise peers.MissingPeer(
                "%s not found (%s=%r at configure time): %s, then re-run cmake"
                % (name, variable, path, install))
        return path
    return peers.path_of(name)


def rtmps_url(port, path="live/s"):
    return "rtmps://127.0.0.1:%d/%s" % (port, path)


# ---- Certificates -----------------------------------------------------------


class Certificates:
    """A test CA and server certificates, made with openssl in a temporary
    directory:
      ca.pem                      the trusted test CA
      localhost.pem/.key          CN/SAN localhost, signed by ca.pem
      other.pem/.key              CN/SAN other.example, signed by ca.pem
      stranger.pem/.key           CN/SAN localhost, signed by another CA
                                  (whose certificate nobody trusts)
      expired.pem/.key            CN/SAN localhost, signed by ca.pem, valid
                                  until a day before it was made
    """

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="rtmp-hs-certs-")
        try:
            self._make_ca("ca", "rtmp-handshake test CA")
            self._make_ca("stranger-ca", "rtmp-handshake unknown CA")
            self._make_server("localhost", "localhost", "ca")
            self._make_server("other", "other.example", "ca")
            self._make_server("stranger", "localhost", "stranger-ca")
            self._make_server("expired", "localhost", "ca", days=-1)
        except BaseException:
            self.remove()
            raise

    def path(self, name):
        return os.path.join(self.dir, name)

    def cert(self, name):
        return self.path(name + ".pem")

    def key(self, name):
        return self.path(name + ".key")

    def _openssl(self, *args):
        run = subprocess.run([path_of("openssl"), *args], cwd=self.dir, capture_output=True,
                             text=True, timeout=OPENSSL_TIMEOUT_S)
        if run.returncode != 0:
            raise AssertionError("openssl %s failed:\n%s" % (" ".join(args), run.stderr))

    def _make_ca(self, name, subject):
        self._openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-nodes", "-keyout", name + ".key", "-out", name + ".pem", "-days", "2",
                      "-subj", "/CN=" + subject,
                      "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign")

    def _make_server(self, name, host, ca, days=2):
        ext = self.path(name + ".ext")
        with open(ext, "w", encoding="ascii") as f:
            f.write("subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\n"
                    "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n" % host)
        self._openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                      "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + host)
        self._openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey",
                      ca + ".key", "-CAcreateserial", "-days", str(days), "-out", name + ".pem",
                      "-extfile", ext)

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


# ---- Servers ----------------------------------------------------------------


class OurTlsServer(peers.OurServer):
    """`rtmp-handshake serve --tls CERT KEY`."""

    def __init__(self, certs, name="localhost", count=1, extra=()):
        super().__init__(count=count, extra=("--tls", certs.cert(name), certs.key(name), *extra))


NGINX_TLS_CONF = """\
load_module {rtmp_module};
load_module {stream_module};
daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 64; }}
rtmp {{
    access_log {dir}/access.log;
    server {{
        listen 127.0.0.1:{rtmp_port};
        application live {{ live on; }}
    }}
}}
stream {{
    server {{
        listen 127.0.0.1:{tls_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        proxy_pass 127.0.0.1:{rtmp_port};
    }}
}}
"""


class NginxTls(Child):
    """nginx-rtmp on rtmp_port, and nginx's stream module terminating TLS on
    tls_port in front of it: how RTMPS is usually added to nginx-rtmp."""

    def __init__(self, certs, name="localhost"):
        nginx = path_of("nginx")
        self.dir = tempfile.mkdtemp(prefix="rtmp-hs-nginx-tls-")
        self.rtmp_port = free_port()
        self.tls_port = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w", encoding="ascii") as f:
            f.write(NGINX_TLS_CONF.format(
                rtmp_module=path_of("nginx-rtmp"), stream_module=path_of("nginx-stream"),
                dir=self.dir, rtmp_port=self.rtmp_port, tls_port=self.tls_port,
                cert=certs.cert(name), key=certs.key(name)))
        super().__init__([nginx, "-p", self.dir, "-c", conf,
                          "-e", os.path.join(self.dir, "error.log")])
        peers.wait_listening(self, self.rtmp_port)
        peers.wait_listening(self, self.tls_port)

    def stop(self):
        super().stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- Clients ----------------------------------------------------------------


def probe_url(url, *extra):
    """`rtmp-handshake probe URL --json`: (report dict or None, Finished)."""
    run = run_bounded([path_of("cli"), "probe", url, "--json", "--timeout", "5", *extra],
                      peers.CLIENT_TIMEOUT_S)
    return peers.last_json(run.stdout), run


def ffmpeg_play_url(url):
    return run_bounded(
        [path_of("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "info",
         "-rw_timeout", "5000000", "-i", url, "-t", "1", "-f", "null", "-"],
        peers.CLIENT_TIMEOUT_S)


def ffmpeg_publish_url(url):
    return run_bounded(
        [path_of("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "info", "-re",
         "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-t", "1",
         "-rw_timeout", "5000000", "-f", "flv", url],
        peers.CLIENT_TIMEOUT_S)


class SilentTlsClient:
    """Completes a TLS handshake with a server (Python's ssl module, no
    certificate check), then sends nothing and holds the connection until
    the server closes it or `hold` seconds pass. `closed_after` is how long
    the server let it sit (None if it never closed)."""

    def __init__(self, port, hold=20):
        self.handshake_error = None
        self.closed_after = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(port, hold), daemon=True)
        self._thread.start()

    def _run(self, port, hold):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=hold) as raw, \
                    context.wrap_socket(raw, server_hostname="localhost") as tls:
                self.handshaked = time.monotonic()
                self._done.set()
                try:
                    data = tls.recv(1)  # the server closes: b"" or an error
                    del data
                    self.closed_after = time.monotonic() - self.handshaked
                except (OSError, ssl.SSLError):
                    self.closed_after = time.monotonic() - self.handshaked
        except (OSError, ssl.SSLError) as e:
            self.handshake_error = e
        finally:
            self._done.set()

    def wait_handshake(self, timeout=10):
        return self._done.wait(timeout)

    def join(self, timeout=30):
        self._thread.join(timeout)
