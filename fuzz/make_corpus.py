#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

Seeds are the captured peer packets of tests/vectors (behind the options
header the targets read), wrong-protocol openings, and complete flights
generated here: because the targets' random source is deterministic (an LCG,
fuzz/fuzz_random.h), this script can predict the handle's own P1 and so write
a peer P2 that really verifies (signed, or an echo). Stdlib only.

Usage: fuzz/make_corpus.py [--vectors DIR] [--out DIR]
"""

import argparse
import hashlib
import hmac
import os
import struct
import sys

PACKET = 1536
CRUD = bytes.fromhex(
    "f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae")
PLAYER_KEY = b"Genuine Adobe Flash Player 001" + CRUD  # 62 bytes
SERVER_KEY = b"Genuine Adobe Flash Media Server 001" + CRUD  # 68 bytes
PLAYER_PARTIAL, SERVER_PARTIAL = PLAYER_KEY[:30], SERVER_KEY[:36]

DEFAULT_CLIENT_VERSION = 0x80000702
DEFAULT_SERVER_VERSION = 0x04050001

# Option bits (fuzz/handle_options.h).
REQUIRE_DIGEST, VERIFY_P2, SET_VERSION, EXPLICIT_START = 1, 2, 4, 8
RANDOM_FAILS, FAIL_SECOND_CALL, LAZY_DRAIN, PROBE_ARGS = 16, 32, 64, 128
AUTO = -1

# RTMPE (PROTOCOL.md 7.2): RFC 2409 group 2, g = 2.
DH_PRIME = int(
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
    "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
    "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece65381ffffffffffffffff", 16)
# The encryption field of the options block (byte 1 / 3): client 1 -> 6;
# server bit 0 -> accepts 6.
CLIENT_TYPE6, SERVER_ACCEPTS6 = 1, 1


class Lcg:
    """fuzz/fuzz_random.h: one byte (top 8 bits) per MMIX LCG step."""

    def __init__(self, seed):
        self.state = seed

    def take(self, n):
        out = bytearray(n)
        for i in range(n):
            self.state = (self.state * 6364136223846793005 +
                          1442695040888963407) % (1 << 64)
            out[i] = self.state >> 56
        return bytes(out)


def digest_offset(p1, scheme):
    base = 8 if scheme == 0 else 772
    return sum(p1[base:base + 4]) % 728 + base + 4


def p1_digest(p1, scheme, partial_key):
    at = digest_offset(p1, scheme)
    return hmac.new(partial_key, p1[:at] + p1[at + 32:], hashlib.sha256).digest()


def with_digest(p1, scheme, partial_key):
    p1 = bytearray(p1)
    at = digest_offset(p1, scheme)
    p1[at:at + 32] = p1_digest(p1, scheme, partial_key)
    return bytes(p1)


def find_digest(p1, partial_key):
    for scheme in (0, 1):
        at = digest_offset(p1, scheme)
        if hmac.compare_digest(p1[at:at + 32], p1_digest(p1, scheme, partial_key)):
            return scheme
    return -1


def signed_p2(body1504, peer_p1, peer_scheme, full_key):
    at = digest_offset(peer_p1, peer_scheme)
    key = hmac.new(full_key, peer_p1[at:at + 32], hashlib.sha256).digest()
    return body1504 + hmac.new(key, body1504, hashlib.sha256).digest()


def key_offset(p1, scheme):
    block = 772 if scheme == 0 else 8
    return sum(p1[block + 760:block + 764]) % 632 + block


def dh_public(exponent_bytes):
    """The library's key for 127 random bytes: top bit set, 2^x mod p."""
    x = int.from_bytes(bytes([exponent_bytes[0] | 0x80]) + exponent_bytes[1:],
                       "big")
    return pow(2, x, DH_PRIME).to_bytes(128, "big")


def build_p1(time, version, digest, scheme, random_bytes, partial_key,
             dh_key=None):
    """The library's P1: time, version (0 without digest), random, the DH key
    under RTMPE (before the digest), digest."""
    p1 = bytearray(struct.pack(">II", time, version if digest else 0) +
                   random_bytes)
    if dh_key is not None:
        at = key_offset(p1, scheme)
        p1[at:at + 128] = dh_key
    p1 = bytes(p1)
    return with_digest(p1, scheme, partial_key) if digest else p1


class Options:
    """The 14-byte options block of fuzz/handle_options.h."""

    def __init__(self, bits=0, scheme=AUTO, time=0, version=None, seed=1,
                 encryption=0):
        self.bits, self.scheme, self.time, self.seed = bits, scheme, time, seed
        self.version = version
        self.encryption = encryption  # the choice coded in byte 1 / 3
        if version is not None:
            self.bits |= SET_VERSION

    def effective_version(self, default):
        return self.version if self.bits & SET_VERSION else default

    def encode(self):
        return (bytes([self.bits, self.scheme + 1 + 3 * self.encryption]) +
                struct.pack(">III", self.time, self.version or 0, self.seed))


def split_plan(codes):
    return bytes([len(codes)] + list(codes))


def single_role_input(opts, payload, codes=(), drain_cap=0):
    return opts.encode() + bytes([drain_cap]) + split_plan(codes) + payload


def server_s1(opts, c1):
    """The S1 a fuzz_server handle answers c1 with (None if it fails)."""
    found = find_digest(c1, PLAYER_PARTIAL)
    if opts.bits & REQUIRE_DIGEST and found < 0:
        return None
    version = opts.effective_version(DEFAULT_SERVER_VERSION)
    digest = version != 0 and found >= 0
    scheme = opts.scheme if opts.scheme != AUTO else (found if found >= 0 else 1)
    s1 = build_p1(opts.time, version, digest, scheme,
                  Lcg(opts.seed).take(PACKET - 8), SERVER_PARTIAL)
    return s1, (scheme if digest else -1)


def client_c1(opts):
    """The C1 a fuzz_client handle sends, and where its digest is."""
    version = opts.effective_version(DEFAULT_CLIENT_VERSION)
    scheme = 0 if opts.scheme == AUTO else opts.scheme
    digest = version != 0
    c1 = build_p1(opts.time, version, digest, scheme,
                  Lcg(opts.seed).take(PACKET - 8), PLAYER_PARTIAL)
    return c1, (scheme if digest else -1)


def rtmpe_server_seeds():
    """fuzz_server accepting type 6: C0 = 6, a C1 with a real key, and a C2
    signed over the predicted S1 (which carries the server's predicted DH
    key); variants with a bad key and a bad C2."""
    seeds = {}
    for name, key_kind, c2_kind, codes in (
            ("rtmpe6-signed", "good", "signed", ()),
            ("rtmpe6-signed-bytewise", "good", "signed", (1,)),
            ("rtmpe6-bad-c2", "good", "garbage", (0, 9, 200)),
            ("rtmpe6-key-above-p", "above-p", "signed", ()),
            ("rtmpe6-key-outside-subgroup", "five", "signed", ())):
        opts = Options(seed=40 + len(seeds), encryption=SERVER_ACCEPTS6)
        lcg = Lcg(500 + opts.seed)
        key = {"good": dh_public(lcg.take(127)),
               "above-p": b"\xff" * 128,
               "five": (5).to_bytes(128, "big")}[key_kind]
        c1 = build_p1(0x77, 0x80000302, True, 1, lcg.take(PACKET - 8),
                      PLAYER_PARTIAL, dh_key=key)
        server = Lcg(opts.seed)
        fill = server.take(PACKET - 8)
        s1 = build_p1(opts.time, DEFAULT_SERVER_VERSION, True, 1, fill,
                      SERVER_PARTIAL, dh_key=dh_public(server.take(127)))
        c2 = make_p2(c2_kind, s1, 1, PLAYER_KEY, opts.seed)
        seeds["gen-" + name] = single_role_input(
            opts, b"\x06" + c1 + c2 + bytes(range(16)), codes)
    return seeds


def rtmpe_client_seeds():
    """fuzz_client asking for type 6: S0 = 6, an S1 with a real key, and an
    S2 signed over the predicted C1; S0 = 3 (a refused downgrade)."""
    seeds = {}
    for name, s0, s2_kind, codes in (
            ("rtmpe6-signed", 6, "signed", ()),
            ("rtmpe6-signed-mixed", 6, "signed", (0, 3, 250, 1)),
            ("rtmpe6-bad-s2", 6, "garbage", ()),
            ("rtmpe6-s0-3-refused", 3, "signed", ())):
        opts = Options(seed=60 + len(seeds), encryption=CLIENT_TYPE6)
        client = Lcg(opts.seed)
        fill = client.take(PACKET - 8)
        c1 = build_p1(opts.time, DEFAULT_CLIENT_VERSION, True, 0, fill,
                      PLAYER_PARTIAL, dh_key=dh_public(client.take(127)))
        lcg = Lcg(700 + opts.seed)
        s1 = build_p1(0x99, 0x03050101, True, 0, lcg.take(PACKET - 8),
                      SERVER_PARTIAL, dh_key=dh_public(lcg.take(127)))
        s2 = make_p2(s2_kind, c1, 0, SERVER_KEY, opts.seed)
        seeds["gen-" + name] = single_role_input(
            opts, bytes([s0]) + s1 + s2 + bytes(range(16)), codes)
    return seeds


def made_up_p1(seed, time, version, scheme, partial_key):
    """A peer's P1: digest in scheme (or none for scheme -1)."""
    return build_p1(time, version, scheme >= 0, max(scheme, 0),
                    Lcg(seed).take(PACKET - 8), partial_key)


def server_seeds(vectors):
    seeds = {}
    trailing = b"\x02\x00\x00\x00\x00\x00\x04\x01\x00\x00\x00\x00\x00\x00\x10\x00"
    one_byte, mixed, sixty_four = (1,), (0, 7, 200, 1, 191), (192,)

    # Captured client openings, default options and a strict variant.
    for name in ("ffmpeg_c0c1", "srs_fp_c0c1", "srs_cx_c0c1"):
        data = read(vectors, name + ".bin")
        seeds["vec-" + name] = single_role_input(Options(), data)
    seeds["vec-srs_cx_c0c1_c2"] = single_role_input(
        Options(bits=VERIFY_P2), read(vectors, "srs_cx_c0c1.bin") +
        read(vectors, "srs_cx_c2.bin"), mixed)
    seeds["vec-jwplayer_c1-required"] = single_role_input(
        Options(bits=REQUIRE_DIGEST), b"\x03" + read(vectors, "jwplayer_c1.bin"))

    # Complete flights whose C2 verifies, in every mode.
    cases = [
        ("digest0-signed", Options(time=7), 0, "signed", ()),
        ("digest1-signed-bytewise", Options(time=9, seed=2), 1, "signed",
         one_byte),
        ("digest1-mirror0-echo", Options(scheme=0, seed=3), 1, "echo", mixed),
        ("digest-strict", Options(bits=REQUIRE_DIGEST | VERIFY_P2, seed=4), 0,
         "signed", sixty_four),
        ("original-c1-echo", Options(seed=5), -1, "echo", ()),
        ("original-server-v0", Options(version=0, seed=6), 0, "echo", mixed),
        ("original-c1-required", Options(bits=REQUIRE_DIGEST, seed=7), -1,
         "echo", ()),
        ("echo-time-rewritten", Options(bits=VERIFY_P2, seed=8), 0,
         "echo-rewritten", ()),
        ("bad-c2-verify", Options(bits=VERIFY_P2, seed=9), 0, "garbage", ()),
        ("bad-c2-lenient", Options(seed=10, bits=LAZY_DRAIN), 1, "garbage",
         mixed),
        ("random-fails-first", Options(bits=RANDOM_FAILS, seed=11), 0,
         "signed", ()),
        ("random-fails-second",
         Options(bits=RANDOM_FAILS | FAIL_SECOND_CALL, seed=12), 0, "signed",
         ()),
        ("probe-args", Options(bits=PROBE_ARGS | EXPLICIT_START, seed=13), 0,
         "signed", (255, 0, 33)),
    ]
    for name, opts, c1_scheme, c2_kind, codes in cases:
        c1 = made_up_p1(100 + opts.seed, 0x1234 + opts.seed, 0x80000702,
                        c1_scheme, PLAYER_PARTIAL)
        if c1_scheme < 0:
            c1 = b"\0\0\0\x2a" + b"\0\0\0\0" + c1[8:]
        answer = server_s1(opts, c1)
        s1, s1_scheme = answer if answer else (c1, -1)
        c2 = make_p2(c2_kind, s1, s1_scheme, PLAYER_KEY, opts.seed)
        seeds["gen-" + name] = single_role_input(
            opts, b"\x03" + c1 + c2 + trailing, codes,
            drain_cap=100 if opts.bits & LAZY_DRAIN else 0)

    for name, data in openings().items():
        seeds["open-" + name] = single_role_input(Options(), data, (1,))
    seeds.update(rtmpe_server_seeds())
    return seeds


def client_seeds(vectors):
    seeds = {}
    trailing = b"\x02\x00\x00\x00\x00\x00\x04\x05\x00\x00\x00\x00\x00\x4c\x4b\x40"
    one_byte, mixed = (1,), (0, 3, 250, 1)
    seeds["vec-srs_cx_s0s1s2"] = single_role_input(
        Options(), read(vectors, "srs_cx_s0s1s2.bin"))
    seeds["vec-srs_cx_s0s1s2-strict"] = single_role_input(
        Options(bits=REQUIRE_DIGEST | VERIFY_P2),
        read(vectors, "srs_cx_s0s1s2.bin"), mixed)

    cases = [
        # name, client options, S1 scheme (-1: none), S1 version, S2 kind, plan
        ("digest0-signed", Options(time=5), 0, 0x04050001, "signed", ()),
        ("digest1-signed-bytewise", Options(seed=2, scheme=1), 1, 0x0d0e0a0d,
         "signed", one_byte),
        ("digest-s1-mirror1", Options(seed=3), 1, 0x03050101, "signed", mixed),
        ("simple-s1-echo", Options(seed=4), -1, 0, "echo", ()),
        ("simple-s1-version-set", Options(seed=5), -1, 0x04050001,
         "echo-rewritten", mixed),
        ("original-client", Options(version=0, seed=6), 0, 0x04050001, "echo",
         ()),
        ("strict-simple-fails", Options(bits=REQUIRE_DIGEST, seed=7), -1, 0,
         "echo", ()),
        ("verify-garbage-fails", Options(bits=VERIFY_P2, seed=8), 0,
         0x04050001, "garbage", ()),
        ("lenient-garbage", Options(bits=LAZY_DRAIN, seed=9), 1, 0x04050001,
         "garbage", mixed),
        ("random-fails-first", Options(bits=RANDOM_FAILS | EXPLICIT_START,
                                       seed=10), 0, 0x04050001, "signed", ()),
        ("random-fails-second",
         Options(bits=RANDOM_FAILS | FAIL_SECOND_CALL, seed=11), 0,
         0x04050001, "signed", ()),
        ("probe-args", Options(bits=PROBE_ARGS, seed=12), 0, 0x04050001,
         "signed", (192, 0, 1)),
    ]
    for name, opts, s1_scheme, s1_version, s2_kind, codes in cases:
        c1, c1_scheme = client_c1(opts)
        s1 = made_up_p1(200 + opts.seed, 0x5000 + opts.seed, s1_version,
                        s1_scheme, SERVER_PARTIAL)
        if s1_scheme < 0:
            s1 = s1[:4] + struct.pack(">I", s1_version) + s1[8:]
        s2 = make_p2(s2_kind, c1, c1_scheme, SERVER_KEY, opts.seed)
        seeds["gen-" + name] = single_role_input(
            opts, b"\x03" + s1 + s2 + trailing, codes,
            drain_cap=100 if opts.bits & LAZY_DRAIN else 0)

    for name, data in openings().items():
        seeds["open-" + name] = single_role_input(Options(), data, (1,))
    seeds["open-tls-alert"] = single_role_input(
        Options(), b"\x15\x03\x03\x00\x02\x02\x28")
    seeds["open-http-response"] = single_role_input(
        Options(), b"HTTP/1.1 400 Bad Request\r\n\r\n")
    seeds.update(rtmpe_client_seeds())
    return seeds


def make_p2(kind, peer_p1, peer_scheme, full_key, seed):
    """A P2 answering peer_p1: signed (needs its digest), echo, or junk."""
    body = Lcg(300 + seed).take(PACKET - 32)
    if kind == "signed" and peer_scheme >= 0:
        return signed_p2(body, peer_p1, peer_scheme, full_key)
    if kind in ("echo", "signed"):
        return peer_p1
    if kind == "echo-rewritten":  # FFmpeg-like: time fields changed
        return b"\0\0\0\x01\0\0\0\0" + peer_p1[8:]
    return body + Lcg(400 + seed).take(32)


def openings():
    return {
        "http-get": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "http-post-prefix": b"POS",
        "http2-preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "http-near-miss": b"GEX / HTTP/1.1",
        "tls-client-hello": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        "tls-wrong-major": b"\x16\x01\x00",
        "rtmpe-type6": b"\x06" + bytes(40),
        "rtmp-p0-only": b"\x03",
        "empty": b"",
    }


def differential_seeds():
    seeds = {}

    def make(name, client, server, trail_c, trail_s, plan_s, plan_c, pool=b""):
        seeds[name] = (client.encode() + server.encode() +
                       bytes([trail_c, trail_s]) + split_plan(plan_s) +
                       split_plan(plan_c) + pool)

    make("digest-default", Options(), Options(seed=2), 16, 16, (), ())
    make("digest-scheme1-bytewise", Options(scheme=1), Options(seed=3), 1, 255,
         (1,), (1,))
    make("digest-server-scheme0", Options(scheme=1, time=77),
         Options(scheme=0, time=88, seed=4), 0, 0, (0, 200, 7), (255, 1))
    make("original-both", Options(version=0), Options(version=0, seed=5), 5, 9,
         (64,), (3,))
    make("mixed-client-v0", Options(version=0),
         Options(bits=VERIFY_P2, seed=6), 2, 3, (), (100,))
    make("mixed-server-v0", Options(bits=VERIFY_P2),
         Options(version=0, seed=7), 3, 2, (192,), ())
    make("server-requires-digest", Options(version=0),
         Options(bits=REQUIRE_DIGEST, seed=8), 4, 4, (), ())
    make("client-requires-digest", Options(bits=REQUIRE_DIGEST),
         Options(version=0, seed=9), 4, 4, (), ())
    make("strict-both", Options(bits=REQUIRE_DIGEST | VERIFY_P2 | EXPLICIT_START),
         Options(bits=REQUIRE_DIGEST | VERIFY_P2 | EXPLICIT_START, seed=10),
         20, 20, (13,), (17,))
    # RTMPE: client types 6, 8, 9 (choices 1, 2, 3) against server masks
    # (bit 0: 6, bit 1: 8, bit 2: 9), and a type the server refuses.
    make("rtmpe6", Options(encryption=1), Options(seed=12, encryption=7),
         16, 16, (), ())
    make("rtmpe8-bytewise", Options(encryption=2, scheme=1),
         Options(seed=13, encryption=2), 3, 5, (1,), (1,))
    make("rtmpe9-strict-v0", Options(encryption=3, version=0,
                                     bits=REQUIRE_DIGEST | VERIFY_P2),
         Options(seed=14, encryption=4, scheme=0), 40, 40, (7, 0), (200,))
    make("rtmpe9-refused", Options(encryption=3), Options(seed=15, encryption=3),
         4, 4, (), ())
    # Random bytes from the pool: offset bytes at their extremes.
    make("pool-offsets-max", Options(), Options(seed=11), 8, 8, (), (),
         pool=b"\xff" * 1528 + b"\x00" * 1528)
    return seeds


def read(vectors, name):
    with open(os.path.join(vectors, name), "rb") as f:
        return f.read()


def write_all(out_dir, target, seeds):
    directory = os.path.join(out_dir, target)
    os.makedirs(directory, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seeds)} seeds")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", default=os.path.join(
        here, "..", "tests", "vectors"))
    parser.add_argument("--out", default=os.path.join(here, "corpus"))
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.vectors, "ffmpeg_c0c1.bin")):
        sys.exit(f"vectors not found in {args.vectors} (use --vectors)")
    write_all(args.out, "fuzz_server", server_seeds(args.vectors))
    write_all(args.out, "fuzz_client", client_seeds(args.vectors))
    write_all(args.out, "fuzz_differential", differential_seeds())


if __name__ == "__main__":
    main()
