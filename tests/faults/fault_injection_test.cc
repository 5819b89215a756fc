// Failures of the crypto library and of the operating system's random
// source, injected at every point a handshake reaches them. Whatever call
// fails, the side that made it must fail with the promised code, stay
// failed, and send nothing more; the other side never completes on a
// handshake the failing side abandoned.
#include <gtest/gtest.h>
#include <mbedtls/arc4.h>
#include <mbedtls/bignum.h>
#include <mbedtls/blowfish.h>
#include <mbedtls/sha256.h>
#include <mbedtls/xtea.h>
#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "handshake.h"

// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,readability-identifier-naming)
namespace {

// Which SHA-256 call (1-based, counting starts, updates and finishes alike)
// fails; 0: none.
int g_sha_fail_at = 0;
int g_sha_calls = 0;

bool ShaCallFails() { return ++g_sha_calls == g_sha_fail_at; }

// Which RTMPE crypto call (bignum, ARC4, XTEA, Blowfish; 1-based, all
// counted together) fails; 0: none.
int g_rtmpe_fail_at = 0;
int g_rtmpe_calls = 0;

bool RtmpeCallFails() { return ++g_rtmpe_calls == g_rtmpe_fail_at; }

// getrandom(2) script: how many calls are interrupted (EINTR) first, whether
// the call then fails for good (EIO), and the most bytes one call returns.
int g_getrandom_eintr = 0;
bool g_getrandom_eio = false;
size_t g_getrandom_max = 0;  // 0: no limit
int g_getrandom_calls = 0;

}  // namespace

extern "C" {

#if RTMPHS_SHA256_SUFFIX_RET
int __real_mbedtls_sha256_starts_ret(mbedtls_sha256_context *ctx, int is224);
int __real_mbedtls_sha256_update_ret(mbedtls_sha256_context *ctx,
                                     const unsigned char *in, size_t len);
int __real_mbedtls_sha256_finish_ret(mbedtls_sha256_context *ctx,
                                     unsigned char out[32]);
int __wrap_mbedtls_sha256_starts_ret(mbedtls_sha256_context *ctx, int is224) {
  return ShaCallFails() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                        : __real_mbedtls_sha256_starts_ret(ctx, is224);
}
int __wrap_mbedtls_sha256_update_ret(mbedtls_sha256_context *ctx,
                                     const unsigned char *in, size_t len) {
  return ShaCallFails() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                        : __real_mbedtls_sha256_update_ret(ctx, in, len);
}
int __wrap_mbedtls_sha256_finish_ret(mbedtls_sha256_context *ctx,
                                     unsigned char out[32]) {
  return ShaCallFails() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                        : __real_mbedtls_sha256_finish_ret(ctx, out);
}
#else
int __real_mbedtls_sha256_starts(mbedtls_sha256_context *ctx, int is224);
int __real_mbedtls_sha256_update(mbedtls_sha256_context *ctx,
                                 const unsigned char *in, size_t len);
int __real_mbedtls_sha256_finish(mbedtls_sha256_context *ctx,
                                 unsigned char out[32]);
int __wrap_mbedtls_sha256_starts(mbedtls_sha256_context *ctx, int is224) {
  return ShaCallFails() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                        : __real_mbedtls_sha256_starts(ctx, is224);
}
int __wrap_mbedtls_sha256_update(mbedtls_sha256_context *ctx,
                                 const unsigned char *in, size_t len) {
  return ShaCallFails() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                        : __real_mbedtls_sha256_update(ctx, in, len);
}
int __wrap_mbedtls_sha256_finish(mbedtls_sha256_context *ctx,
                                 unsigned char out[32]) {
  return ShaCallFails() ? MBEDTLS_ERR_SHA256_BAD_INPUT_DATA
                        : __real_mbedtls_sha256_finish(ctx, out);
}
#endif

int __real_mbedtls_mpi_read_binary(mbedtls_mpi *x, const unsigned char *buf,
                                   size_t len);
int __real_mbedtls_mpi_write_binary(const mbedtls_mpi *x, unsigned char *buf,
                                    size_t len);
int __real_mbedtls_mpi_exp_mod(mbedtls_mpi *x, const mbedtls_mpi *a,
                               const mbedtls_mpi *e, const mbedtls_mpi *n,
                               mbedtls_mpi *rr);
int __real_mbedtls_arc4_crypt(mbedtls_arc4_context *ctx, size_t length,
                              const unsigned char *in, unsigned char *out);
int __real_mbedtls_xtea_crypt_ecb(mbedtls_xtea_context *ctx, int mode,
                                  const unsigned char in[8],
                                  unsigned char out[8]);
int __real_mbedtls_blowfish_setkey(mbedtls_blowfish_context *ctx,
                                   const unsigned char *key,
                                   unsigned int keybits);
int __real_mbedtls_blowfish_crypt_ecb(mbedtls_blowfish_context *ctx, int mode,
                                      const unsigned char in[8],
                                      unsigned char out[8]);

int __wrap_mbedtls_mpi_read_binary(mbedtls_mpi *x, const unsigned char *buf,
                                   size_t len) {
  return RtmpeCallFails() ? MBEDTLS_ERR_MPI_ALLOC_FAILED
                          : __real_mbedtls_mpi_read_binary(x, buf, len);
}
int __wrap_mbedtls_mpi_write_binary(const mbedtls_mpi *x, unsigned char *buf,
                                    size_t len) {
  return RtmpeCallFails() ? MBEDTLS_ERR_MPI_BUFFER_TOO_SMALL
                          : __real_mbedtls_mpi_write_binary(x, buf, len);
}
int __wrap_mbedtls_mpi_exp_mod(mbedtls_mpi *x, const mbedtls_mpi *a,
                               const mbedtls_mpi *e, const mbedtls_mpi *n,
                               mbedtls_mpi *rr) {
  return RtmpeCallFails() ? MBEDTLS_ERR_MPI_ALLOC_FAILED
                          : __real_mbedtls_mpi_exp_mod(x, a, e, n, rr);
}
int __wrap_mbedtls_arc4_crypt(mbedtls_arc4_context *ctx, size_t length,
                              const unsigned char *in, unsigned char *out) {
  // ARC4 has no error code of its own; any non-zero return is a failure.
  return RtmpeCallFails() ? -1
                          : __real_mbedtls_arc4_crypt(ctx, length, in, out);
}
int __wrap_mbedtls_xtea_crypt_ecb(mbedtls_xtea_context *ctx, int mode,
                                  const unsigned char in[8],
                                  unsigned char out[8]) {
  return RtmpeCallFails() ? -1
                          : __real_mbedtls_xtea_crypt_ecb(ctx, mode, in, out);
}
int __wrap_mbedtls_blowfish_setkey(mbedtls_blowfish_context *ctx,
                                   const unsigned char *key,
                                   unsigned int keybits) {
  return RtmpeCallFails() ? MBEDTLS_ERR_BLOWFISH_BAD_INPUT_DATA
                          : __real_mbedtls_blowfish_setkey(ctx, key, keybits);
}
int __wrap_mbedtls_blowfish_crypt_ecb(mbedtls_blowfish_context *ctx, int mode,
                                      const unsigned char in[8],
                                      unsigned char out[8]) {
  return RtmpeCallFails()
             ? MBEDTLS_ERR_BLOWFISH_BAD_INPUT_DATA
             : __real_mbedtls_blowfish_crypt_ecb(ctx, mode, in, out);
}

ssize_t __real_getrandom(void *buf, size_t len, unsigned int flags);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned int flags) {
  ++g_getrandom_calls;
  if (g_getrandom_eintr > 0) {
    --g_getrandom_eintr;
    errno = EINTR;
    return -1;
  }
  if (g_getrandom_eio) {
    errno = EIO;
    return -1;
  }
  if (g_getrandom_max != 0 && len > g_getrandom_max) {
    len = g_getrandom_max;  // a short read, as getrandom may legally give
  }
  return __real_getrandom(buf, len, flags);
}

}  // extern "C"
// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,readability-identifier-naming)

namespace rtmphs {
namespace {

int Counter(void *ctx, uint8_t *buf, size_t len) {
  auto *state = static_cast<uint32_t *>(ctx);
  for (size_t i = 0; i < len; ++i) {
    buf[i] = static_cast<uint8_t>(++*state * 2654435761U >> 24);
  }
  return 0;
}

struct Outcome {
  State client;
  State server;
  Status client_error;
  Status server_error;
};

// A whole exchange between our client and server with a fixed random
// source; the failing side's pending output must be gone.
// type: 0 for a plain or digest handshake, else the RTMPE type the client
// asks for (the server accepts them all).
Outcome Exchange(uint32_t client_version, uint32_t server_version,
                 int type = 0) {
  uint32_t seed_c = 1;
  uint32_t seed_s = 2;
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  EXPECT_EQ(client.SetRandom(Counter, &seed_c), Status::kOk);
  EXPECT_EQ(server.SetRandom(Counter, &seed_s), Status::kOk);
  EXPECT_EQ(client.SetVersion(client_version), Status::kOk);
  EXPECT_EQ(server.SetVersion(server_version), Status::kOk);
  EXPECT_EQ(client.SetEncryption(type), Status::kOk);
  EXPECT_EQ(
      server.SetEncryption(type == 0 ? 0 : (1 << 6) | (1 << 8) | (1 << 9)),
      Status::kOk);
  client.Start();
  std::array<uint8_t, kFlightSize> buf{};
  for (int round = 0; round < 3; ++round) {
    size_t used = 0;
    size_t n = client.Drain(buf.data(), buf.size());
    server.Feed(buf.data(), n, &used);
    n = server.Drain(buf.data(), buf.size());
    client.Feed(buf.data(), n, &used);
  }
  for (Handshake *hs : {&client, &server}) {
    if (hs->state() == State::kFailed) {
      EXPECT_EQ(hs->Pending(), 0U) << "a failed side still has output";
      size_t used = 1;
      const uint8_t byte = 3;
      EXPECT_EQ(hs->Feed(&byte, 1, &used), hs->error()) << "not sticky";
      EXPECT_EQ(used, 0U);
    }
  }
  return {client.state(), server.state(), client.error(), server.error()};
}

// (client version, RTMPE type or 0)
class ShaFailureTest
    : public ::testing::TestWithParam<std::pair<uint32_t, int>> {
 protected:
  void TearDown() override { g_sha_fail_at = 0; }
};

// Fails the 1st, 2nd, ... SHA-256 call of a handshake in turn, until a run
// makes fewer calls than the failure point (then it must complete).
TEST_P(ShaFailureTest, EveryFailingCallFailsItsSideWithErrCrypto) {
  const uint32_t client_version = GetParam().first;
  const int type = GetParam().second;
  g_sha_fail_at = 0;
  g_sha_calls = 0;
  const Outcome clean = Exchange(client_version, kDefaultServerVersion, type);
  const int total = g_sha_calls;
  ASSERT_EQ(clean.client, State::kDone);
  ASSERT_EQ(clean.server, State::kDone);
  ASSERT_GT(total, 0);

  for (int at = 1; at <= total; ++at) {
    SCOPED_TRACE(at);
    g_sha_fail_at = at;
    g_sha_calls = 0;
    const Outcome o = Exchange(client_version, kDefaultServerVersion, type);
    const bool client_failed = o.client == State::kFailed;
    const bool server_failed = o.server == State::kFailed;
    EXPECT_TRUE(client_failed != server_failed) << "exactly one side fails";
    EXPECT_EQ(client_failed ? o.client_error : o.server_error, Status::kCrypto);
  }
}

INSTANTIATE_TEST_SUITE_P(
    DigestOriginalAndEncrypted, ShaFailureTest,
    ::testing::Values(std::make_pair(kDefaultClientVersion, 0),
                      std::make_pair(0U, 0),
                      std::make_pair(kDefaultClientVersion, 6),
                      std::make_pair(kDefaultClientVersion, 8),
                      std::make_pair(kDefaultClientVersion, 9)));

class RtmpeCryptoFailureTest : public ::testing::TestWithParam<int> {
 protected:
  void TearDown() override { g_rtmpe_fail_at = 0; }
};

// The bignum, ARC4, XTEA and Blowfish calls of an encrypted handshake fail
// one at a time: the side that made the call fails with RTMP_HS_ERR_CRYPTO.
TEST_P(RtmpeCryptoFailureTest, EveryFailingCallFailsItsSideWithErrCrypto) {
  const int type = GetParam();
  g_rtmpe_fail_at = 0;
  g_rtmpe_calls = 0;
  const Outcome clean =
      Exchange(kDefaultClientVersion, kDefaultServerVersion, type);
  const int total = g_rtmpe_calls;
  ASSERT_EQ(clean.client, State::kDone);
  ASSERT_EQ(clean.server, State::kDone);
  ASSERT_GT(total, 0);
  for (int at = 1; at <= total; ++at) {
    SCOPED_TRACE(at);
    g_rtmpe_fail_at = at;
    g_rtmpe_calls = 0;
    const Outcome o =
        Exchange(kDefaultClientVersion, kDefaultServerVersion, type);
    const bool client_failed = o.client == State::kFailed;
    const bool server_failed = o.server == State::kFailed;
    EXPECT_TRUE(client_failed != server_failed) << "exactly one side fails";
    EXPECT_EQ(client_failed ? o.client_error : o.server_error, Status::kCrypto);
  }
}

INSTANTIATE_TEST_SUITE_P(Types, RtmpeCryptoFailureTest,
                         ::testing::Values(6, 8, 9));

TEST(RtmpeCryptoFailure, EncryptAndDecryptReportIt) {
  uint32_t seed_c = 1;
  uint32_t seed_s = 2;
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetRandom(Counter, &seed_c), Status::kOk);
  ASSERT_EQ(server.SetRandom(Counter, &seed_s), Status::kOk);
  ASSERT_EQ(client.SetEncryption(6), Status::kOk);
  ASSERT_EQ(server.SetEncryption(1 << 6), Status::kOk);
  ASSERT_EQ(client.Start(), Status::kOk);
  std::array<uint8_t, kFlightSize> buf{};
  size_t used = 0;
  size_t n = client.Drain(buf.data(), buf.size());
  ASSERT_EQ(server.Feed(buf.data(), n, &used), Status::kOk);
  n = server.Drain(buf.data(), buf.size());
  ASSERT_EQ(client.Feed(buf.data(), n, &used), Status::kOk);
  ASSERT_EQ(client.state(), State::kDone);
  uint8_t data[4] = {1, 2, 3, 4};
  g_rtmpe_calls = 0;
  g_rtmpe_fail_at = 1;
  EXPECT_EQ(client.Encrypt(data, sizeof data), Status::kCrypto);
  g_rtmpe_calls = 0;
  EXPECT_EQ(client.Decrypt(data, sizeof data), Status::kCrypto);
  g_rtmpe_fail_at = 0;
}

class OsRandomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_getrandom_eintr = 0;
    g_getrandom_eio = false;
    g_getrandom_max = 0;
    g_getrandom_calls = 0;
  }
  void TearDown() override { SetUp(); }
};

TEST_F(OsRandomTest, InterruptedCallsAreRetried) {
  g_getrandom_eintr = 3;
  Handshake client(Role::kClient);
  ASSERT_EQ(client.Start(), Status::kOk);
  EXPECT_EQ(client.Pending(), kP1End);
  EXPECT_EQ(g_getrandom_calls, 4);
}

TEST_F(OsRandomTest, ShortReadsAreCompleted) {
  g_getrandom_max = 100;  // 1528 bytes of C1 need 16 calls
  Handshake client(Role::kClient);
  ASSERT_EQ(client.Start(), Status::kOk);
  EXPECT_EQ(g_getrandom_calls, 16);
  std::array<uint8_t, kP1End> c0c1{};
  ASSERT_EQ(client.Drain(c0c1.data(), c0c1.size()), kP1End);
  // The last short read landed: the tail is not left as zeros.
  int nonzero = 0;
  for (size_t i = kP1End - 64; i < kP1End; ++i) {
    nonzero += c0c1[i] != 0 ? 1 : 0;
  }
  EXPECT_GT(nonzero, 0);
}

TEST_F(OsRandomTest, FailureFailsTheHandshakeWithErrRandom) {
  g_getrandom_eio = true;
  Handshake client(Role::kClient);
  EXPECT_EQ(client.Start(), Status::kRandom);
  EXPECT_EQ(client.state(), State::kFailed);
  EXPECT_EQ(client.Pending(), 0U);
  EXPECT_EQ(g_getrandom_calls, 1) << "EIO is not retried";
}

}  // namespace
}  // namespace rtmphs
