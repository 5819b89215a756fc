// The yardsticks, built straight from the crypto library's own primitives:
//
// - unit: one mbedTLS HMAC-SHA256 over 1504 bytes (a P1 digest's or a P2
//   signature's worth of hashing), every ratio's denominator;
// - floor: the work a digest handshake pair cannot avoid: 8 HMACs over 1504
//   bytes (each side: its P1 digest, finding the peer's, signing its P2,
//   verifying the peer's), 4 key derivations (HMAC of a 62/68-byte key over
//   a 32-byte digest) and 4 x 1536 random bytes from a DRBG.
//
// Contexts are set up outside the timed loop: the floor is the work, not
// the set-up. With the nettle SHA-256 backend the same unit and floor are
// also measured with nettle's HMAC (the DRBG stays mbedTLS's CTR_DRBG, as
// in the library).
#include <benchmark/benchmark.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/md.h>
#include <sys/random.h>

#include <array>
#include <cstdint>

#ifdef RTMPHS_BENCH_NETTLE
#include <nettle/hmac.h>
#endif

#include "reference_work.h"

namespace {

constexpr size_t kSignedBytes = 1504;
constexpr size_t kPacket = 1536;

// Key lengths of the handshake: the 36-byte partial FMS key signs P1s, the
// 68-byte full key derives the P2 signature key (hashed first: > 64 bytes).
constexpr std::array<uint8_t, 36> kPartialKey = {'G', 'e', 'n', 'u', 'i', 'n'};
constexpr std::array<uint8_t, 68> kFullKey = {'G', 'e', 'n', 'u', 'i', 'n'};

struct Message {
  Message() {
    for (size_t i = 0; i < bytes.size(); ++i) {
      bytes[i] = static_cast<uint8_t>(i * 131 + 7);
    }
  }
  std::array<uint8_t, kPacket> bytes{};
};

int OsEntropy(void * /*ctx*/, unsigned char *buf, size_t len) {
  return getrandom(buf, len, 0) == static_cast<ssize_t>(len) ? 0 : -1;
}

class MbedHmac {
 public:
  MbedHmac() {
    mbedtls_md_init(&ctx_);
    ok_ = mbedtls_md_setup(&ctx_, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
                           1) == 0;
  }
  ~MbedHmac() { mbedtls_md_free(&ctx_); }
  MbedHmac(const MbedHmac &) = delete;
  MbedHmac &operator=(const MbedHmac &) = delete;
  bool ok() const { return ok_; }

  void Mac(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len,
           uint8_t out[32]) {
    mbedtls_md_hmac_starts(&ctx_, key, key_len);
    mbedtls_md_hmac_update(&ctx_, msg, len);
    mbedtls_md_hmac_finish(&ctx_, out);
  }

 private:
  mbedtls_md_context_t ctx_;
  bool ok_ = false;
};

class Drbg {
 public:
  Drbg() {
    mbedtls_ctr_drbg_init(&ctx_);
    ok_ = mbedtls_ctr_drbg_seed(&ctx_, OsEntropy, nullptr, nullptr, 0) == 0;
  }
  ~Drbg() { mbedtls_ctr_drbg_free(&ctx_); }
  Drbg(const Drbg &) = delete;
  Drbg &operator=(const Drbg &) = delete;
  bool ok() const { return ok_; }

  // 1536 bytes in the DRBG's largest requests.
  void Packet(uint8_t *out) {
    for (size_t done = 0; done < kPacket;) {
      const size_t n = kPacket - done < MBEDTLS_CTR_DRBG_MAX_REQUEST
                           ? kPacket - done
                           : MBEDTLS_CTR_DRBG_MAX_REQUEST;
      mbedtls_ctr_drbg_random(&ctx_, out + done, n);
      done += n;
    }
  }

 private:
  mbedtls_ctr_drbg_context ctx_;
  bool ok_ = false;
};

void BM_UnitMbedtls(benchmark::State &state) {
  MbedHmac hmac;
  const Message msg;
  std::array<uint8_t, 32> out{};
  if (!hmac.ok()) {
    state.SkipWithError("mbedtls_md_setup failed");
  }
  for (auto _ : state) {
    hmac.Mac(kPartialKey.data(), kPartialKey.size(), msg.bytes.data(),
             kSignedBytes, out.data());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_UnitMbedtls)->Name("unit/mbedtls_hmac_sha256_1504");

// The floor's random part, shared by every backend's floor.
void RandomPackets(Drbg *drbg, Message *scratch) {
  for (int i = 0; i < 4; ++i) {
    drbg->Packet(scratch->bytes.data());
    benchmark::DoNotOptimize(scratch->bytes);
  }
}

void FloorWork(MbedHmac *hmac, Drbg *drbg, Message *msg) {
  std::array<uint8_t, 32> out{};
  for (int i = 0; i < 8; ++i) {
    hmac->Mac(kPartialKey.data(), kPartialKey.size(), msg->bytes.data(),
              kSignedBytes, out.data());
    benchmark::DoNotOptimize(out);
  }
  for (int i = 0; i < 4; ++i) {
    hmac->Mac(kFullKey.data(), kFullKey.size(), out.data(), out.size(),
              out.data());
    benchmark::DoNotOptimize(out);
  }
  RandomPackets(drbg, msg);
}

}  // namespace

namespace rtmphs_bench {

struct MbedtlsFloor::Parts {
  MbedHmac hmac;
  Drbg drbg;
  Message msg;
};

MbedtlsFloor::MbedtlsFloor() : parts_(std::make_unique<Parts>()) {}
MbedtlsFloor::~MbedtlsFloor() = default;
bool MbedtlsFloor::ok() const { return parts_->hmac.ok() && parts_->drbg.ok(); }
void MbedtlsFloor::Run() {
  FloorWork(&parts_->hmac, &parts_->drbg, &parts_->msg);
}

}  // namespace rtmphs_bench

namespace {

void BM_FloorMbedtls(benchmark::State &state) {
  rtmphs_bench::MbedtlsFloor floor;
  if (!floor.ok()) {
    state.SkipWithError("mbedTLS set-up failed");
  }
  for (auto _ : state) {
    floor.Run();
  }
}
BENCHMARK(BM_FloorMbedtls)->Name("floor/mbedtls");

// Where the non-hashing time goes: the DRBG's seeding (one per handle) and
// output, against asking the kernel directly.
void BM_DrbgSeed(benchmark::State &state) {
  for (auto _ : state) {
    Drbg drbg;
    if (!drbg.ok()) {
      state.SkipWithError("mbedtls_ctr_drbg_seed failed");
      break;
    }
  }
}
BENCHMARK(BM_DrbgSeed)->Name("parts/ctr_drbg_init_seed_free");

void BM_DrbgPacket(benchmark::State &state) {
  Drbg drbg;
  Message msg;
  if (!drbg.ok()) {
    state.SkipWithError("mbedtls_ctr_drbg_seed failed");
  }
  for (auto _ : state) {
    drbg.Packet(msg.bytes.data());
    benchmark::DoNotOptimize(msg.bytes);
  }
}
BENCHMARK(BM_DrbgPacket)->Name("parts/ctr_drbg_1536");

void BM_GetrandomPacket(benchmark::State &state) {
  Message msg;
  for (auto _ : state) {
    if (getrandom(msg.bytes.data(), msg.bytes.size(), 0) !=
        static_cast<ssize_t>(msg.bytes.size())) {
      state.SkipWithError("getrandom failed");
      break;
    }
    benchmark::DoNotOptimize(msg.bytes);
  }
}
BENCHMARK(BM_GetrandomPacket)->Name("parts/getrandom_1536");

#ifdef RTMPHS_BENCH_NETTLE
void NettleMac(const uint8_t *key, size_t key_len, const uint8_t *msg,
               size_t len, uint8_t out[32]) {
  hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key_len, key);
  hmac_sha256_update(&ctx, len, msg);
  hmac_sha256_digest(&ctx, 32, out);
}

void BM_UnitNettle(benchmark::State &state) {
  const Message msg;
  std::array<uint8_t, 32> out{};
  for (auto _ : state) {
    NettleMac(kPartialKey.data(), kPartialKey.size(), msg.bytes.data(),
              kSignedBytes, out.data());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_UnitNettle)->Name("unit/nettle_hmac_sha256_1504");

void BM_FloorNettle(benchmark::State &state) {
  Drbg drbg;
  Message msg;
  std::array<uint8_t, 32> out{};
  if (!drbg.ok()) {
    state.SkipWithError("mbedTLS set-up failed");
  }
  for (auto _ : state) {
    for (int i = 0; i < 8; ++i) {
      NettleMac(kPartialKey.data(), kPartialKey.size(), msg.bytes.data(),
                kSignedBytes, out.data());
      benchmark::DoNotOptimize(out);
    }
    for (int i = 0; i < 4; ++i) {
      NettleMac(kFullKey.data(), kFullKey.size(), out.data(), out.size(),
                out.data());
      benchmark::DoNotOptimize(out);
    }
    RandomPackets(&drbg, &msg);
  }
}
BENCHMARK(BM_FloorNettle)->Name("floor/nettle_sha256_mbedtls_drbg");
#endif

}  // namespace
