// The C boundary: argument checks, then the core. Nothing here throws
// (the core is built without exceptions) and nothing allocates but
// rtmp_hs_new(); rtmp_hs_init() builds the same handle in caller memory.
#include <cstdint>
#include <cstdlib>
#include <new>

#include "handshake.h"
#include "rtmp_handshake.h"
#include "secure_memory.h"

// Who owns the block a handle lives in. Wiping zeroes the field, so a
// second release of the same block finds neither value and does nothing.
enum class Origin : uint32_t { kHeap = 0x68656170, kCaller = 0x63616c6c };

struct rtmp_hs {
  rtmp_hs(rtmphs::Role role, Origin from, size_t size)
      : impl(role), origin(from), block_size(size) {}
  rtmphs::Handshake impl;
  const Origin origin;
  const size_t block_size;  // what release wipes: the caller's whole block
};

namespace {

// API.md's promise to callers sizing static or stack buffers.
constexpr size_t kHandleLimit = 8192;
constexpr size_t kCallerAlignment = 16;
static_assert(sizeof(rtmp_hs) <= kHandleLimit, "the handle must fit 8 KiB");
static_assert(alignof(rtmp_hs) <= kCallerAlignment,
              "rtmp_hs_init promises 16-byte alignment is enough");

// Destroys the handle and wipes its block; whether that block goes back to
// the heap is the caller's business.
void Release(rtmp_hs *hs) {
  const size_t size = hs->block_size;
  hs->~rtmp_hs();
  rtmphs::SecureWipe(hs, size);  // options, buffers, digests: all of it
}

int ToInt(rtmphs::Status s) { return static_cast<int>(s); }

static_assert(static_cast<uint32_t>(RTMP_HS_REQUIRE_DIGEST) ==
              rtmphs::kRequireDigest);
static_assert(static_cast<uint32_t>(RTMP_HS_VERIFY_P2) == rtmphs::kVerifyP2);
static_assert(RTMP_HS_SCHEME_AUTO == rtmphs::kSchemeAuto);
static_assert(RTMP_HS_CLIENT == static_cast<int>(rtmphs::Role::kClient));
static_assert(RTMP_HS_SERVER == static_cast<int>(rtmphs::Role::kServer));
static_assert(RTMP_HS_IN_PROGRESS ==
              static_cast<int>(rtmphs::State::kInProgress));
static_assert(RTMP_HS_DONE == static_cast<int>(rtmphs::State::kDone));
static_assert(RTMP_HS_FAILED == static_cast<int>(rtmphs::State::kFailed));
static_assert(RTMP_HS_MODE_SIMPLE == static_cast<int>(rtmphs::Mode::kSimple));
static_assert(RTMP_HS_MODE_DIGEST == static_cast<int>(rtmphs::Mode::kDigest));
static_assert(RTMP_HS_MODE_ENCRYPTED ==
              static_cast<int>(rtmphs::Mode::kEncrypted));

}  // namespace

extern "C" {

rtmp_hs *rtmp_hs_new(int role) {
  if (role != RTMP_HS_CLIENT && role != RTMP_HS_SERVER) {
    return nullptr;
  }
  void *mem = std::malloc(sizeof(rtmp_hs));
  if (mem == nullptr) {
    return nullptr;
  }
  return new (mem)
      rtmp_hs(static_cast<rtmphs::Role>(role), Origin::kHeap, sizeof(rtmp_hs));
}

void rtmp_hs_free(rtmp_hs *hs) {
  // A caller-owned handle handed here by mistake is wiped, never passed to
  // free(); a block already released is left alone.
  if (hs == nullptr ||
      (hs->origin != Origin::kHeap && hs->origin != Origin::kCaller)) {
    return;
  }
  const bool heap = hs->origin == Origin::kHeap;
  Release(hs);
  if (heap) {
    std::free(hs);
  }
}

size_t rtmp_hs_sizeof(void) { return sizeof(rtmp_hs); }

rtmp_hs *rtmp_hs_init(void *mem, size_t size, int role) {
  if ((role != RTMP_HS_CLIENT && role != RTMP_HS_SERVER) || mem == nullptr ||
      reinterpret_cast<uintptr_t>(mem) % kCallerAlignment != 0 ||
      size < sizeof(rtmp_hs)) {
    return nullptr;
  }
  return new (mem)
      rtmp_hs(static_cast<rtmphs::Role>(role), Origin::kCaller, size);
}

void rtmp_hs_cleanup(rtmp_hs *hs) {
  // Frees nothing, whoever owns the block: a heap handle handed here by
  // mistake is wiped and leaks rather than corrupting the heap.
  if (hs == nullptr ||
      (hs->origin != Origin::kHeap && hs->origin != Origin::kCaller)) {
    return;
  }
  Release(hs);
}

int rtmp_hs_set_version(rtmp_hs *hs, uint32_t version) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.SetVersion(version));
}

int rtmp_hs_set_time(rtmp_hs *hs, uint32_t time_ms) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.SetTime(time_ms));
}

int rtmp_hs_set_scheme(rtmp_hs *hs, int scheme) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.SetScheme(scheme));
}

int rtmp_hs_set_flags(rtmp_hs *hs, uint32_t flags) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.SetFlags(flags));
}

int rtmp_hs_set_random(rtmp_hs *hs, rtmp_hs_random_fn fill, void *ctx) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.SetRandom(fill, ctx));
}

int rtmp_hs_set_encryption(rtmp_hs *hs, int types) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.SetEncryption(types));
}

int rtmp_hs_start(rtmp_hs *hs) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.Start());
}

int rtmp_hs_feed(rtmp_hs *hs, const uint8_t *data, size_t len,
                 size_t *consumed) {
  if (hs == nullptr || consumed == nullptr || (data == nullptr && len > 0)) {
    return RTMP_HS_ERR_ARG;
  }
  return ToInt(hs->impl.Feed(data, len, consumed));
}

size_t rtmp_hs_pending(const rtmp_hs *hs) {
  return hs == nullptr ? 0 : hs->impl.Pending();
}

size_t rtmp_hs_drain(rtmp_hs *hs, uint8_t *out, size_t cap) {
  if (hs == nullptr || (out == nullptr && cap > 0)) {
    return 0;
  }
  return hs->impl.Drain(out, cap);
}

size_t rtmp_hs_needed(const rtmp_hs *hs) {
  return hs == nullptr ? 0 : hs->impl.Needed();
}

int rtmp_hs_state(const rtmp_hs *hs) {
  return hs == nullptr ? RTMP_HS_FAILED : static_cast<int>(hs->impl.state());
}

int rtmp_hs_error(const rtmp_hs *hs) {
  return hs == nullptr ? RTMP_HS_ERR_ARG : ToInt(hs->impl.error());
}

uint32_t rtmp_hs_peer_version(const rtmp_hs *hs) {
  return hs == nullptr ? 0 : hs->impl.peer_version();
}

uint32_t rtmp_hs_peer_time(const rtmp_hs *hs) {
  return hs == nullptr ? 0 : hs->impl.peer_time();
}

int rtmp_hs_peer_p0(const rtmp_hs *hs) {
  return hs == nullptr ? -1 : hs->impl.peer_p0();
}

int rtmp_hs_mode(const rtmp_hs *hs) {
  return hs == nullptr ? -1 : static_cast<int>(hs->impl.mode());
}

int rtmp_hs_peer_scheme(const rtmp_hs *hs) {
  return hs == nullptr ? -1 : hs->impl.peer_scheme();
}

int rtmp_hs_peer_verified(const rtmp_hs *hs) {
  return hs != nullptr && hs->impl.peer_verified() ? 1 : 0;
}

int rtmp_hs_encryption_type(const rtmp_hs *hs) {
  return hs == nullptr ? 0 : hs->impl.encryption_type();
}

int rtmp_hs_encrypt(rtmp_hs *hs, uint8_t *buf, size_t len) {
  if (hs == nullptr || (buf == nullptr && len > 0)) {
    return RTMP_HS_ERR_ARG;
  }
  return ToInt(hs->impl.Encrypt(buf, len));
}

int rtmp_hs_decrypt(rtmp_hs *hs, uint8_t *buf, size_t len) {
  if (hs == nullptr || (buf == nullptr && len > 0)) {
    return RTMP_HS_ERR_ARG;
  }
  return ToInt(hs->impl.Decrypt(buf, len));
}

int rtmp_hs_swf_verification(const rtmp_hs *hs, const uint8_t swf_hash[32],
                             uint32_t swf_size, uint8_t out[42]) {
  if (hs == nullptr || swf_hash == nullptr || out == nullptr) {
    return RTMP_HS_ERR_ARG;
  }
  return ToInt(hs->impl.SwfVerification(swf_hash, swf_size, out));
}

}  // extern "C"
