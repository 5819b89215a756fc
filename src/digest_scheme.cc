#include "digest_scheme.h"

#include "hmac_sha256.h"
#include "secure_memory.h"

namespace rtmphs {
namespace {

// "Genuine Adobe Flash Player 001" followed by the shared tail.
constexpr uint8_t kPlayerKey[62] = {
    'G',  'e',  'n',  'u',  'i',  'n',  'e',  ' ',  'A',  'd',  'o',
    'b',  'e',  ' ',  'F',  'l',  'a',  's',  'h',  ' ',  'P',  'l',
    'a',  'y',  'e',  'r',  ' ',  '0',  '0',  '1',  0xf0, 0xee, 0xc2,
    0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1, 0x02, 0x9e,
    0x7e, 0x57, 0x6e, 0xec, 0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab, 0x93,
    0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae};

// "Genuine Adobe Flash Media Server 001" followed by the shared tail.
constexpr uint8_t kServerKey[68] = {
    'G',  'e',  'n',  'u',  'i',  'n',  'e',  ' ',  'A',  'd',  'o',  'b',
    'e',  ' ',  'F',  'l',  'a',  's',  'h',  ' ',  'M',  'e',  'd',  'i',
    'a',  ' ',  'S',  'e',  'r',  'v',  'e',  'r',  ' ',  '0',  '0',  '1',
    0xf0, 0xee, 0xc2, 0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1,
    0x02, 0x9e, 0x7e, 0x57, 0x6e, 0xec, 0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab,
    0x93, 0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae};

constexpr size_t kPlayerPartial = 30;
constexpr size_t kServerPartial = 36;

// Block geometry (PROTOCOL.md 4.2): two 764-byte blocks after byte 8.
constexpr size_t kBlockSize = 764;
constexpr size_t kDigestModulo = kBlockSize - 4 - kDigestSize;  // 728
constexpr size_t kKeyModulo = kBlockSize - 4 - 128;             // 632

size_t SumOf4(const uint8_t *p) {
  return static_cast<size_t>(p[0]) + p[1] + p[2] + p[3];
}

}  // namespace

ByteSpan PartialKey(Party party) {
  return party == Party::kClient ? ByteSpan(kPlayerKey, kPlayerPartial)
                                 : ByteSpan(kServerKey, kServerPartial);
}

ByteSpan FullKey(Party party) {
  return party == Party::kClient ? ByteSpan(kPlayerKey, sizeof kPlayerKey)
                                 : ByteSpan(kServerKey, sizeof kServerKey);
}

size_t DigestOffset(const uint8_t *p1, int scheme) {
  // Scheme 0: offset bytes 8..11, digest in 12..770.
  // Scheme 1: offset bytes 772..775, digest in 776..1534.
  const size_t base = scheme == 0 ? 8 : 8 + kBlockSize;
  return SumOf4(p1 + base) % kDigestModulo + base + 4;
}

size_t KeyOffset(const uint8_t *p1, int scheme) {
  // Scheme 0: key block second, offset bytes 1532..1535.
  // Scheme 1: key block first, offset bytes 768..771.
  const size_t block = scheme == 0 ? 8 + kBlockSize : 8;
  return SumOf4(p1 + block + kBlockSize - 4) % kKeyModulo + block;
}

Status ComputeP1Digest(const uint8_t *p1, int scheme, Party sender,
                       uint8_t out[kDigestSize]) {
  const size_t at = DigestOffset(p1, scheme);
  const ByteSpan parts[2] = {
      ByteSpan(p1, at),
      ByteSpan(p1 + at + kDigestSize, kPacketSize - at - kDigestSize)};
  return HmacSha256(PartialKey(sender), parts, 2, out);
}

Status WriteP1Digest(uint8_t *p1, int scheme, Party sender) {
  uint8_t digest[kDigestSize];
  const Status s = ComputeP1Digest(p1, scheme, sender, digest);
  if (s == Status::kOk) {
    uint8_t *dst = p1 + DigestOffset(p1, scheme);
    for (size_t i = 0; i < kDigestSize; ++i) {
      dst[i] = digest[i];
    }
  }
  return s;
}

Status FindP1Digest(const uint8_t *p1, Party sender, int *scheme) {
  *scheme = -1;
  for (int candidate = 0; candidate <= 1; ++candidate) {
    uint8_t digest[kDigestSize];
    const Status s = ComputeP1Digest(p1, candidate, sender, digest);
    if (s != Status::kOk) {
      return s;
    }
    if (ConstantTimeEqual(digest, p1 + DigestOffset(p1, candidate),
                          kDigestSize)) {
      *scheme = candidate;
      return Status::kOk;
    }
  }
  return Status::kOk;
}

Status ComputeP2Key(const uint8_t digest[kDigestSize], Party signer,
                    uint8_t key[kDigestSize]) {
  return HmacSha256(FullKey(signer), ByteSpan(digest, kDigestSize), key);
}

}  // namespace rtmphs
