// Failures of the crypto library, of the AES under the per-handle CSPRNG
// (CTR_DRBG) and of the operating system's random source, injected at every
// point a handshake reaches them. Whatever call fails, the side that made it
// must fail with the promised code, stay failed, and send nothing more; the
// other side never completes on a handshake the failing side abandoned.
#include <gtest/gtest.h>
#include <mbedtls/aes.h>
#include <mbedtls/arc4.h>
#include <mbedtls/bignum.h>
#include <mbedtls/blowfish.h>
#include <mbedtls/sha256.h>
#include <mbedtls/xtea.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "csprng.h"
#include "handshake.h"
#include "hmac_sha256.h"

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

// Which AES call under the CSPRNG (1-based, key setups and block
// encryptions counted together) fails; 0: none.
int g_aes_fail_at = 0;
int g_aes_calls = 0;

bool AesCallFails() { return ++g_aes_calls == g_aes_fail_at; }

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

int __real_mbedtls_aes_setkey_enc(mbedtls_aes_context *ctx,
                                  const unsigned char *key,
                                  unsigned int keybits);
int __wrap_mbedtls_aes_setkey_enc(mbedtls_aes_context *ctx,
                                  const unsigned char *key,
                                  unsigned int keybits) {
  return AesCallFails() ? MBEDTLS_ERR_AES_INVALID_KEY_LENGTH
                        : __real_mbedtls_aes_setkey_enc(ctx, key, keybits);
}
int __real_mbedtls_aes_crypt_ecb(mbedtls_aes_context *ctx, int mode,
                                 const unsigned char in[16],
                                 unsigned char out[16]);
int __wrap_mbedtls_aes_crypt_ecb(mbedtls_aes_context *ctx, int mode,
                                 const unsigned char in[16],
                                 unsigned char out[16]) {
  return AesCallFails() ? MBEDTLS_ERR_AES_BAD_INPUT_DATA
                        : __real_mbedtls_aes_crypt_ecb(ctx, mode, in, out);
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

// Counts the calls a clean exchange makes into one family of wrapped
// functions (*calls), then fails the 1st, 2nd, ... of them in turn
// (*fail_at): every time exactly one side fails, with RTMP_HS_ERR_CRYPTO.
void ExpectEachFailureFailsOneSide(int *fail_at, int *calls,
                                   uint32_t client_version, int type) {
  *fail_at = 0;
  *calls = 0;
  const Outcome clean = Exchange(client_version, kDefaultServerVersion, type);
  const int total = *calls;
  ASSERT_EQ(clean.client, State::kDone);
  ASSERT_EQ(clean.server, State::kDone);
  ASSERT_GT(total, 0);
  for (int at = 1; at <= total; ++at) {
    SCOPED_TRACE(at);
    *fail_at = at;
    *calls = 0;
    const Outcome o = Exchange(client_version, kDefaultServerVersion, type);
    const bool client_failed = o.client == State::kFailed;
    const bool server_failed = o.server == State::kFailed;
    EXPECT_TRUE(client_failed != server_failed) << "exactly one side fails";
    EXPECT_EQ(client_failed ? o.client_error : o.server_error, Status::kCrypto);
  }
  *fail_at = 0;
}

#if RTMPHS_SHA256_BY_MBEDTLS
// (client version, RTMPE type or 0)
class ShaFailureTest
    : public ::testing::TestWithParam<std::pair<uint32_t, int>> {
 protected:
  void TearDown() override { g_sha_fail_at = 0; }
};

// Fails the 1st, 2nd, ... SHA-256 call of a handshake in turn, until a run
// makes fewer calls than the failure point (then it must complete).
TEST_P(ShaFailureTest, EveryFailingCallFailsItsSideWithErrCrypto) {
  ExpectEachFailureFailsOneSide(&g_sha_fail_at, &g_sha_calls, GetParam().first,
                                GetParam().second);
}

INSTANTIATE_TEST_SUITE_P(
    DigestOriginalAndEncrypted, ShaFailureTest,
    ::testing::Values(std::make_pair(kDefaultClientVersion, 0),
                      std::make_pair(0U, 0),
                      std::make_pair(kDefaultClientVersion, 6),
                      std::make_pair(kDefaultClientVersion, 8),
                      std::make_pair(kDefaultClientVersion, 9)));

// Keys longer than a block are hashed first (RFC 2104). The handshake's own
// keys come precomputed, so this path is reached with other keys only:
// every SHA-256 call in it failing in turn must give kCrypto.
TEST(ShaFailureDirectTest, LongKeyHmacAndPlainHashReportEveryFailure) {
  const std::array<uint8_t, 131> long_key{};  // RFC 4231 case 6's length
  const std::array<uint8_t, 100> msg{};
  uint8_t out[kSha256Size];
  g_sha_fail_at = 0;
  g_sha_calls = 0;
  ASSERT_EQ(HmacSha256(ByteSpan(long_key.data(), long_key.size()),
                       ByteSpan(msg.data(), msg.size()), out),
            Status::kOk);
  const int hmac_calls = g_sha_calls;
  g_sha_calls = 0;
  ASSERT_EQ(Sha256(ByteSpan(msg.data(), msg.size()), out), Status::kOk);
  const int hash_calls = g_sha_calls;
  ASSERT_GT(hash_calls, 0);
  for (int at = 1; at <= hmac_calls; ++at) {
    g_sha_fail_at = at;
    g_sha_calls = 0;
    EXPECT_EQ(HmacSha256(ByteSpan(long_key.data(), long_key.size()),
                         ByteSpan(msg.data(), msg.size()), out),
              Status::kCrypto)
        << at;
  }
  for (int at = 1; at <= hash_calls; ++at) {
    g_sha_fail_at = at;
    g_sha_calls = 0;
    EXPECT_EQ(Sha256(ByteSpan(msg.data(), msg.size()), out), Status::kCrypto)
        << at;
  }
  g_sha_fail_at = 0;
}
#endif  // RTMPHS_SHA256_BY_MBEDTLS

class RtmpeCryptoFailureTest : public ::testing::TestWithParam<int> {
 protected:
  void TearDown() override { g_rtmpe_fail_at = 0; }
};

// The bignum, ARC4, XTEA and Blowfish calls of an encrypted handshake fail
// one at a time: the side that made the call fails with RTMP_HS_ERR_CRYPTO.
TEST_P(RtmpeCryptoFailureTest, EveryFailingCallFailsItsSideWithErrCrypto) {
  ExpectEachFailureFailsOneSide(&g_rtmpe_fail_at, &g_rtmpe_calls,
                                kDefaultClientVersion, GetParam());
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
  g_getrandom_max = 100;  // 1528 bytes need 16 calls
  std::array<uint8_t, 1528> buf{};
  ASSERT_EQ(OsRandom(nullptr, buf.data(), buf.size()), 0);
  EXPECT_EQ(g_getrandom_calls, 16);
  // The last short read landed: the tail is not left as zeros.
  int nonzero = 0;
  for (size_t i = buf.size() - 64; i < buf.size(); ++i) {
    nonzero += buf[i] != 0 ? 1 : 0;
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

// The default source is a CSPRNG per handle, seeded from getrandom(2) once,
// at the first random bytes it needs.
class CsprngTest : public OsRandomTest {
 protected:
  void SetUp() override {
    OsRandomTest::SetUp();
    g_aes_fail_at = 0;
    g_aes_calls = 0;
  }
  void TearDown() override { SetUp(); }
};

// Plays a whole digest handshake with the default sources on both sides.
void DefaultSourcePair(Handshake *client, Handshake *server) {
  client->Start();
  std::array<uint8_t, kFlightSize> buf{};
  for (int round = 0; round < 3; ++round) {
    size_t used = 0;
    size_t n = client->Drain(buf.data(), buf.size());
    server->Feed(buf.data(), n, &used);
    n = server->Drain(buf.data(), buf.size());
    client->Feed(buf.data(), n, &used);
  }
}

TEST_F(CsprngTest, EachHandleSeedsOnceAndMakesNoFurtherSystemCall) {
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  EXPECT_EQ(g_getrandom_calls, 0) << "creating a handle seeds nothing";
  DefaultSourcePair(&client, &server);
  ASSERT_EQ(client.state(), State::kDone);
  ASSERT_EQ(server.state(), State::kDone);
  EXPECT_EQ(g_getrandom_calls, 2)
      << "one system call per handle, none per packet";
}

TEST_F(CsprngTest, ACallerSourceMeansTheCsprngIsNeverSeeded) {
  uint32_t seed_c = 1;
  uint32_t seed_s = 2;
  Handshake client(Role::kClient);
  Handshake server(Role::kServer);
  ASSERT_EQ(client.SetRandom(Counter, &seed_c), Status::kOk);
  ASSERT_EQ(server.SetRandom(Counter, &seed_s), Status::kOk);
  DefaultSourcePair(&client, &server);
  ASSERT_EQ(client.state(), State::kDone);
  EXPECT_EQ(g_getrandom_calls, 0);
  EXPECT_EQ(g_aes_calls, 0);
}

TEST_F(CsprngTest, TwoHandlesGiveDifferentBytes) {
  Handshake a(Role::kClient);
  Handshake b(Role::kClient);
  ASSERT_EQ(a.Start(), Status::kOk);
  ASSERT_EQ(b.Start(), Status::kOk);
  std::array<uint8_t, kP1End> pa{};
  std::array<uint8_t, kP1End> pb{};
  ASSERT_EQ(a.Drain(pa.data(), pa.size()), kP1End);
  ASSERT_EQ(b.Drain(pb.data(), pb.size()), kP1End);
  EXPECT_NE(std::memcmp(pa.data() + 9, pb.data() + 9, 64), 0);
}

// Every AES call of a handshake's two generators failing in turn, from the
// first key setup of the seeding to the last block: that side fails with
// ERR_RANDOM, sends nothing, and the other never completes.
TEST_F(CsprngTest, EveryFailingAesCallFailsItsSideWithErrRandom) {
  {
    Handshake client(Role::kClient);
    Handshake server(Role::kServer);
    DefaultSourcePair(&client, &server);
    ASSERT_EQ(client.state(), State::kDone);
  }
  const int total = g_aes_calls;
  ASSERT_GT(total, 0);
  for (int at = 1; at <= total; ++at) {
    SCOPED_TRACE(at);
    g_aes_fail_at = at;
    g_aes_calls = 0;
    Handshake client(Role::kClient);
    Handshake server(Role::kServer);
    DefaultSourcePair(&client, &server);
    const bool client_failed = client.state() == State::kFailed;
    const bool server_failed = server.state() == State::kFailed;
    ASSERT_TRUE(client_failed != server_failed) << "exactly one side fails";
    Handshake &failed = client_failed ? client : server;
    EXPECT_EQ(failed.error(), Status::kRandom);
    EXPECT_EQ(failed.Pending(), 0U);
  }
}

// A generator whose AES failed is not used again as it was: what it wrote is
// wiped, and the next request instantiates it afresh from the system.
TEST_F(CsprngTest, AfterAFailureTheGeneratorStartsOverFromTheSystem) {
  Csprng drbg;
  std::array<uint8_t, 1528> bytes{};
  ASSERT_EQ(drbg.Fill(bytes.data(), bytes.size()), Status::kOk);
  const int per_fill = g_aes_calls;  // seeding plus one request
  g_aes_calls = 0;
  ASSERT_EQ(drbg.Fill(bytes.data(), bytes.size()), Status::kOk);
  const int per_request = g_aes_calls;
  ASSERT_LT(per_request, per_fill);
  EXPECT_EQ(g_getrandom_calls, 1);

  // Fail the last block of the keystream: everything written before it,
  // counters and keystream alike, must be gone.
  g_aes_calls = 0;
  g_aes_fail_at = per_request - 4;  // the request's own Update is 3 + 1 calls
  bytes.fill(0xA5);
  EXPECT_EQ(drbg.Fill(bytes.data(), bytes.size()), Status::kRandom);
  EXPECT_TRUE(std::all_of(bytes.begin(), bytes.end(),
                          [](uint8_t b) { return b == 0; }));

  g_aes_fail_at = 0;
  g_aes_calls = 0;
  ASSERT_EQ(drbg.Fill(bytes.data(), bytes.size()), Status::kOk);
  EXPECT_EQ(g_aes_calls, per_fill) << "instantiated again";
  EXPECT_EQ(g_getrandom_calls, 2) << "with fresh entropy";
}

// A generator seeded in a parent and used again in a forked child must not
// hand the child the parent's next bytes: the child reseeds first. (A
// handshake draws all its random bytes at once, when it builds its P1, so
// this is the generator's own guarantee, held for any later use.)
TEST_F(CsprngTest, AForkedChildReseedsAndGivesOtherBytes) {
  Csprng drbg;
  std::array<uint8_t, 64> bytes{};
  ASSERT_EQ(drbg.Fill(bytes.data(), bytes.size()), Status::kOk);  // seeded
  ASSERT_EQ(g_getrandom_calls, 1);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Child: report how often its first request asked the system, and its
    // bytes.
    std::array<uint8_t, 1 + 64> report{};
    const bool filled = drbg.Fill(report.data() + 1, 64) == Status::kOk;
    report[0] = static_cast<uint8_t>(g_getrandom_calls - 1);
    const bool wrote = write(fds[1], report.data(), report.size()) ==
                       static_cast<ssize_t>(report.size());
    std::exit(filled && wrote ? 0 : 1);  // exit(), not _exit(): coverage
  }
  close(fds[1]);
  std::array<uint8_t, 1 + 64> report{};
  ASSERT_EQ(read(fds[0], report.data(), report.size()),
            static_cast<ssize_t>(report.size()));
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(report[0], 1) << "the child reseeded the inherited generator";

  // The parent's own next bytes differ from the child's.
  ASSERT_EQ(drbg.Fill(bytes.data(), bytes.size()), Status::kOk);
  EXPECT_EQ(g_getrandom_calls, 1) << "the seeding process does not reseed";
  EXPECT_NE(std::memcmp(bytes.data(), report.data() + 1, 64), 0);
}

// The child's reseed failing, at the system's source or in the AES of the
// reseed itself, fails its request with ERR_RANDOM.
TEST_F(CsprngTest, AFailedReseedInAForkedChildFailsWithErrRandom) {
  for (const bool system_fails : {true, false}) {
    SCOPED_TRACE(system_fails ? "getrandom fails" : "AES fails");
    Csprng drbg;
    std::array<uint8_t, 16> bytes{};
    ASSERT_EQ(drbg.Fill(bytes.data(), bytes.size()), Status::kOk);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      g_getrandom_eio = system_fails;
      g_aes_calls = 0;
      g_aes_fail_at = system_fails ? 0 : 1;  // the reseed's first block
      std::exit(drbg.Fill(bytes.data(), bytes.size()) == Status::kRandom ? 0
                                                                         : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
}

}  // namespace
}  // namespace rtmphs
