#include "digest_scheme.h"

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

// The keys' HMAC states (the SHA-256 chaining values after key^ipad and
// key^opad; the 62/68-byte keys hashed first, RFC 2104), computed once
// offline; tests/unit/hmac_sha256_test.cc recomputes them from the keys.
// HMAC key state of the 30-byte key
constexpr HmacKeyState kPlayerPartialState = {
    {{0xab9b2043, 0x9d576b06, 0x90cc6d17, 0x9e2d20d9, 0x430bbd1c, 0x0a5165be,
      0xc8af2193, 0x406c37fe}},
    {{0x941c2d2d, 0xa04e9891, 0x26ab56a5, 0xa3d018f6, 0xccc062d3, 0xa0c3be23,
      0xbd8451ab, 0x3f597e24}}};
// HMAC key state of the 36-byte key
constexpr HmacKeyState kServerPartialState = {
    {{0xfbf1a037, 0x2e9a60b2, 0xa08c9325, 0xa4fd756d, 0x55368456, 0xbe012b6d,
      0x476abc98, 0xc2e1cb14}},
    {{0x5e768abc, 0xa52128de, 0xf535f675, 0x8694d69c, 0x9d55fb0f, 0x3309589a,
      0xb5b12beb, 0x87110ee9}}};
// HMAC key state of the 62-byte key
constexpr HmacKeyState kPlayerFullState = {
    {{0xf50c211e, 0xb4912e4e, 0xa654c4f4, 0xeaa22a44, 0x31f45f66, 0x22754a77,
      0x9b30b532, 0xb18de0ad}},
    {{0x2f089c78, 0x00cdebc1, 0xfd6934e4, 0x55f3acc6, 0xe5e8c528, 0x4dc7d7c3,
      0xb6caf065, 0x34f8d755}}};
// HMAC key state of the 68-byte key
constexpr HmacKeyState kServerFullState = {
    {{0xc78bf1e1, 0xa17ea90d, 0x00159065, 0xba1d636f, 0x926f9349, 0xcf2494cb,
      0xb2fced22, 0xfa713a6c}},
    {{0xc064c25c, 0xcb2a2765, 0x5356df92, 0x50e16022, 0x3b478875, 0xdc6a0deb,
      0xbb45db76, 0xcd8e4598}}};

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

const HmacKeyState &PartialKeyState(Party party) {
  return party == Party::kClient ? kPlayerPartialState : kServerPartialState;
}

const HmacKeyState &FullKeyState(Party party) {
  return party == Party::kClient ? kPlayerFullState : kServerFullState;
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
  return HmacSha256(PartialKeyState(sender), parts, 2, out);
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

Status FindP1Digest(const uint8_t *p1, Party sender, int *scheme, int first) {
  *scheme = -1;
  for (int i = 0; i <= 1; ++i) {
    const int candidate = i == 0 ? first : 1 - first;
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
  return HmacSha256(FullKeyState(signer), ByteSpan(digest, kDigestSize), key);
}

}  // namespace rtmphs
