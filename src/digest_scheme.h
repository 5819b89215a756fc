// The Flash Player 9 handshake's cryptography over 1536-byte packets:
// where a P1 digest sits in each scheme, how it is computed and found, and
// the P2 signature (PROTOCOL.md sections 4.1-4.4).
//
// Scheme 0: digest block first, digest offset from bytes 8..11.
// Scheme 1: key block first, digest offset from bytes 772..775.
#ifndef RTMPHS_DIGEST_SCHEME_H_
#define RTMPHS_DIGEST_SCHEME_H_

#include <cstddef>
#include <cstdint>

#include "bytes.h"
#include "hmac_sha256.h"
#include "status.h"

namespace rtmphs {

constexpr size_t kPacketSize = 1536;       // P1 and P2
constexpr size_t kDigestSize = 32;         // HMAC-SHA256 output
constexpr size_t kSignatureOffset = 1504;  // P2 signature: bytes 1504..1535
constexpr size_t kVersionOffset = 4;       // P1 bytes 4..7
constexpr size_t kRandomOffset = 8;        // first byte after time and version

// Whose key signs: the player (client) or the media server (server).
enum class Party { kClient, kServer };

// The "Genuine Adobe Flash Player 001" / "... Media Server 001" keys: the
// partial keys (30 / 36 ASCII bytes) sign P1, the full ones (62 / 68 bytes,
// with the shared 32-byte tail) derive the P2 signature key.
ByteSpan PartialKey(Party party);
ByteSpan FullKey(Party party);

// Their HMAC key states, precomputed: constant data, no per-handle or global
// state to fill in at run time.
const HmacKeyState &PartialKeyState(Party party);
const HmacKeyState &FullKeyState(Party party);

// Offset of the 32-byte digest in p1 for scheme 0 or 1: the sum of four
// unsigned offset bytes, mod 728, plus 12 or 776. Always within 12..1534-31.
size_t DigestOffset(const uint8_t *p1, int scheme);

// Offset of the 128-byte Diffie-Hellman key for scheme 0 or 1 (RTMPE):
// sum of four bytes mod 632, plus 772 or 8.
size_t KeyOffset(const uint8_t *p1, int scheme);

// HMAC(partial key of sender, p1 without the 32 digest bytes of scheme).
Status ComputeP1Digest(const uint8_t *p1, int scheme, Party sender,
                       uint8_t out[kDigestSize]);

// Computes the digest for scheme and stores it in place.
Status WriteP1Digest(uint8_t *p1, int scheme, Party sender);

// Looks for a valid digest in both schemes, scheme `first` first (the one
// the peer most likely used: each try is an HMAC over 1504 bytes).
// *scheme = 0 or 1 where it validated, or -1 when neither does.
// Comparison is constant-time.
Status FindP1Digest(const uint8_t *p1, Party sender, int *scheme,
                    int first = 0);

// K = HMAC(full key of signer, digest), where digest is the one found in
// the P1 that the P2 answers: the key of the P2 signature (and, under RTMPE
// types 8 and 9, what picks the transform's key numbers).
Status ComputeP2Key(const uint8_t digest[kDigestSize], Party signer,
                    uint8_t key[kDigestSize]);

// The P2 signature itself, HMAC(K, p2[0..1503]), and its check live in
// rtmpe/signature_transform.h: under RTMPE types 8 and 9 it is transformed.

}  // namespace rtmphs

#endif  // RTMPHS_DIGEST_SCHEME_H_
