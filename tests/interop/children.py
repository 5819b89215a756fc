"""Child processes for the interop suite.

Every peer runs as a child of the test on 127.0.0.1: started on a free port,
waited for with a deadline, and stopped by its PID (terminate, then kill).
Nothing here looks processes up by name.
"""

import socket
import subprocess
import threading
import time

STOP_GRACE_S = 5


def free_port():
    """A port that was free on 127.0.0.1 a moment ago (for peers that cannot
    bind port 0 and report it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_listening(port):
    """Whether something listens on 127.0.0.1:port (or 0.0.0.0:port).

    Read from /proc/net/tcp rather than by connecting: `ffmpeg -listen 1`
    accepts exactly one connection, and a readiness probe would use it up.
    """
    wanted = {"0100007F:%04X" % port, "00000000:%04X" % port}
    try:
        with open("/proc/net/tcp", encoding="ascii") as table:
            next(table)
            for line in table:
                fields = line.split()
                if fields[1] in wanted and fields[3] == "0A":  # 0A = LISTEN
                    return True
    except OSError:
        pass
    return False


class Child:
    """A child process whose stdout and stderr are collected line by line."""

    def __init__(self, argv, cwd=None):
        self.argv = [str(a) for a in argv]
        self.proc = subprocess.Popen(
            self.argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._lines = {"stdout": [], "stderr": []}
        self._changed = threading.Condition()
        self._readers = [
            threading.Thread(target=self._collect, args=(name, pipe), daemon=True)
            for name, pipe in (("stdout", self.proc.stdout), ("stderr", self.proc.stderr))
        ]
        for reader in self._readers:
            reader.start()

    def _collect(self, name, pipe):
        for raw in iter(pipe.readline, b""):
            with self._changed:
                self._lines[name].append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._changed.notify_all()
        pipe.close()
        with self._changed:
            self._changed.notify_all()

    def lines(self, stream):
        with self._changed:
            return list(self._lines[stream])

    def text(self, stream):
        return "\n".join(self.lines(stream))

    def describe(self):
        return "%s (exit %s)\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            " ".join(self.argv),
            self.proc.poll(),
            self.text("stdout"),
            self.text("stderr"),
        )

    def wait_for_lines(self, stream, predicate, timeout):
        """Waits until predicate(lines of stream) returns a true value, and
        returns that value; None on timeout or once the stream closed."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = predicate(self._lines[stream])
                if found:
                    return found
                readers_done = not any(r.is_alive() for r in self._readers)
                left = deadline - time.monotonic()
                if left <= 0 or readers_done:
                    return None
                self._changed.wait(min(left, 0.2))

    def wait(self, timeout):
        """The exit code, or None if it is still running after timeout."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        for reader in self._readers:
            reader.join(timeout=STOP_GRACE_S)
        return code

    def stop(self):
        """Terminates the child by PID, killing it if it lingers."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for reader in self._readers:
            reader.join(timeout=STOP_GRACE_S)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Finished:
    """What a bounded run left behind."""

    def __init__(self, child, code):
        self.argv = child.argv
        self.returncode = code  # None: it had to be stopped
        self.timed_out = code is None
        self.stdout = child.text("stdout")
        self.stderr = child.text("stderr")
        self.description = child.describe()


def run_bounded(argv, timeout):
    """Runs a client to completion, stopping it (by PID) after timeout."""
    with Child(argv) as child:
        code = child.wait(timeout)
        child.stop()
        return Finished(child, code)


def wait_until(condition, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
