"""A test-only TCP proxy that can damage one handshake byte.

It sits between a real peer and the other side, forwards one connection both
ways, optionally inverts the byte at a given offset of one direction (e.g.
inside S1, which invalidates its digest), and records the first bytes of each
direction so a test can look at C1/C2/S1/S2 as they crossed the wire.
"""

import socket
import threading

CLIENT_TO_SERVER = "c2s"
SERVER_TO_CLIENT = "s2c"
RECORD_LIMIT = 8192  # more than C0+C1+C2 and S0+S1+S2 (3073 bytes each)


class CorruptingProxy:
    def __init__(self, upstream_port, flip=None, timeout=20):
        """flip: None, or (direction, offset): XOR 0xFF into that byte."""
        self.upstream_port = upstream_port
        self.flip = flip
        self.timeout = timeout
        self.recorded = {CLIENT_TO_SERVER: bytearray(), SERVER_TO_CLIENT: bytearray()}
        self.flipped = False
        self.error = None
        self._lock = threading.Lock()
        self._sockets = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(1)
        self._listener.settimeout(timeout)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve_one, daemon=True)
        self._thread.start()

    def _serve_one(self):
        try:
            client, _ = self._listener.accept()
            upstream = socket.create_connection(
                ("127.0.0.1", self.upstream_port), timeout=self.timeout
            )
        except OSError as e:
            self.error = e
            return
        finally:
            self._listener.close()
        client.settimeout(self.timeout)
        self._sockets = [client, upstream]
        pumps = [
            threading.Thread(target=self._pump, args=(client, upstream, CLIENT_TO_SERVER)),
            threading.Thread(target=self._pump, args=(upstream, client, SERVER_TO_CLIENT)),
        ]
        for pump in pumps:
            pump.start()
        for pump in pumps:
            pump.join()
        for s in self._sockets:
            s.close()

    def _pump(self, source, sink, direction):
        position = 0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                data = bytearray(data)
                if self.flip and self.flip[0] == direction:
                    index = self.flip[1] - position
                    if 0 <= index < len(data):
                        data[index] ^= 0xFF
                        self.flipped = True
                with self._lock:
                    room = RECORD_LIMIT - len(self.recorded[direction])
                    self.recorded[direction] += data[: max(room, 0)]
                position += len(data)
                sink.sendall(data)
        except OSError:
            pass
        # Pass the half-close on, so each side sees the other hang up.
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def handshake_bytes(self, direction):
        """(P0, P1, P2) as forwarded in that direction, after any flip."""
        with self._lock:
            data = bytes(self.recorded[direction])
        return data[0:1], data[1:1537], data[1537:3073]

    def close(self, grace=5):
        """Lets the forwarding finish (each side hanging up in turn), then
        forces it: bytes a client sent just before it exited still arrive."""
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes a pending accept
        except OSError:
            pass
        self._thread.join(timeout=grace)
        for s in self._sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(timeout=self.timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
