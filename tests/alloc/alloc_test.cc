// "rtmp_hs_new() is the only allocation": complete handshakes in every mode,
// and the failures, through the C API with the allocator counted
// (counting_allocator.cc). rtmp_hs_new must allocate exactly once (the
// handle), everything after it nothing, and rtmp_hs_free must release
// exactly that block. A self-check first proves the counting works for this
// executable and for the library, so a broken interposition fails the test
// instead of passing it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "counting_allocator.h"
#include "rtmp_handshake.h"

namespace {

using alloc_test::AllocCounts;
using alloc_test::StartCounting;
using alloc_test::StopCounting;
using alloc_test::WatchedFreeResult;
using alloc_test::WatchFree;

int g_failures = 0;

void Expect(bool ok, const char *scenario, const char *what) {
  if (!ok) {
    (void)std::printf("FAIL %s: %s\n", scenario, what);
    ++g_failures;
  }
}

// Deterministic random bytes (xorshift32); ctx points at the state.
int TestRandom(void *ctx, uint8_t *buf, size_t len) {
  auto *state = static_cast<uint32_t *>(ctx);
  for (size_t i = 0; i < len; ++i) {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    buf[i] = static_cast<uint8_t>(*state);
  }
  return 0;
}

int FailingRandom(void * /*ctx*/, uint8_t * /*buf*/, size_t /*len*/) {
  return -1;
}

struct Side {
  uint32_t version = 0;   // 0 = leave the default
  bool original = false;  // set version 0
  int scheme = RTMP_HS_SCHEME_AUTO;
  uint32_t flags = 0;
  bool os_random = false;
  bool failing_random = false;
  int encryption = 0;  // rtmp_hs_set_encryption
};

struct Scenario {
  const char *name;
  Side client;
  Side server;
  size_t chunk = 4096;                   // fragmentation of every feed
  const char *server_opening = nullptr;  // replace the client by these bytes
  int client_state = RTMP_HS_DONE;
  int server_state = RTMP_HS_DONE;
  int client_error = RTMP_HS_OK;
  int server_error = RTMP_HS_OK;
  int mode = RTMP_HS_MODE_DIGEST;  // checked when both complete
  bool corrupt_c2 = false;         // flip a byte inside C2's signed body
  // RTMPE: the Diffie-Hellman arithmetic allocates inside mbedTLS (the one
  // stated exception); every block must be freed before the call returns.
  bool bignum = false;
};

// Set when a call into the library returned with more blocks allocated than
// freed (checked after every start and feed of an exchange).
bool g_call_left_blocks = false;

void CheckBalancedAfterCall() {
  const alloc_test::AllocCounts c = alloc_test::PeekCounts();
  g_call_left_blocks = g_call_left_blocks || c.allocations != c.frees;
}

// What the RTMPE scenarios allocated, for the report at the end.
size_t g_rtmpe_allocations_max = 0;
size_t g_rtmpe_allocations_min = ~size_t{0};

// One direction of the connection, fixed-size: nothing here allocates.
struct Wire {
  uint8_t bytes[3073 + 64] = {};
  size_t len = 0;
  size_t fed = 0;
};

void Apply(rtmp_hs *hs, const Side &side, uint32_t *random_state,
           const char *name) {
  if (side.failing_random) {
    Expect(rtmp_hs_set_random(hs, FailingRandom, nullptr) == RTMP_HS_OK, name,
           "set_random");
  } else if (!side.os_random) {
    Expect(rtmp_hs_set_random(hs, TestRandom, random_state) == RTMP_HS_OK, name,
           "set_random");
  }
  if (side.original || side.version != 0) {
    Expect(
        rtmp_hs_set_version(hs, side.original ? 0 : side.version) == RTMP_HS_OK,
        name, "set_version");
  }
  Expect(rtmp_hs_set_scheme(hs, side.scheme) == RTMP_HS_OK, name, "set_scheme");
  Expect(rtmp_hs_set_flags(hs, side.flags) == RTMP_HS_OK, name, "set_flags");
  Expect(rtmp_hs_set_time(hs, 1000) == RTMP_HS_OK, name, "set_time");
  Expect(rtmp_hs_set_encryption(hs, side.encryption) == RTMP_HS_OK, name,
         "set_encryption");
}

void DrainInto(rtmp_hs *hs, Wire *wire) {
  size_t n = 0;
  while ((n = rtmp_hs_drain(hs, wire->bytes + wire->len,
                            sizeof wire->bytes - wire->len)) > 0) {
    wire->len += n;
  }
}

// Feeds the next chunk of `wire` to `hs`; returns whether bytes moved.
bool FeedFrom(Wire *wire, rtmp_hs *hs, size_t chunk) {
  const size_t left = wire->len - wire->fed;
  if (left == 0) {
    return false;
  }
  const size_t n = left < chunk ? left : chunk;
  size_t consumed = 0;
  rtmp_hs_feed(hs, wire->bytes + wire->fed, n, &consumed);
  CheckBalancedAfterCall();
  wire->fed += n;
  return true;
}

// Everything between the two rtmp_hs_new calls and the two rtmp_hs_free
// calls: options, start, the exchange, every getter, misuse.
void Exchange(const Scenario &s, rtmp_hs *client, rtmp_hs *server) {
  uint32_t client_random = 0x12345678U;
  uint32_t server_random = 0x9abcdef0U;
  Apply(client, s.client, &client_random, s.name);
  Apply(server, s.server, &server_random, s.name);
  rtmp_hs_start(client);
  CheckBalancedAfterCall();
  rtmp_hs_start(server);
  CheckBalancedAfterCall();

  Wire to_server;
  Wire to_client;
  if (s.server_opening != nullptr) {
    const size_t n = std::strlen(s.server_opening);
    std::memcpy(to_server.bytes, s.server_opening, n);
    to_server.len = n;
  }
  bool moved = true;
  while (moved) {
    if (s.server_opening == nullptr) {
      DrainInto(client, &to_server);
    }
    if (s.corrupt_c2 && to_server.len > 1537 + 100) {
      to_server.bytes[1537 + 100] ^= 0x01;  // once: len only grows past it
      to_server.bytes[1537 + 101] ^= 0x01;
    }
    moved = FeedFrom(&to_server, server, s.chunk);
    DrainInto(server, &to_client);
    moved = FeedFrom(&to_client, client, s.chunk) || moved;
  }
  // Chunk-stream bytes after completion: consumed 0, no allocation; under
  // RTMPE they are encrypted and decrypted without allocating either.
  uint8_t chunk_stream[8] = {2, 0, 0, 0, 0, 0, 4, 1};
  if (s.bignum && rtmp_hs_state(client) == RTMP_HS_DONE &&
      rtmp_hs_state(server) == RTMP_HS_DONE) {
    const uint8_t plain[8] = {2, 0, 0, 0, 0, 0, 4, 1};
    Expect(rtmp_hs_encrypt(client, chunk_stream, sizeof chunk_stream) ==
               RTMP_HS_OK,
           s.name, "encrypt");
    Expect(std::memcmp(chunk_stream, plain, sizeof plain) != 0, s.name,
           "ciphertext differs");
    Expect(rtmp_hs_decrypt(server, chunk_stream, sizeof chunk_stream) ==
               RTMP_HS_OK,
           s.name, "decrypt");
    Expect(std::memcmp(chunk_stream, plain, sizeof plain) == 0, s.name,
           "the server decrypts what the client encrypted");
  }
  rtmp_hs *const peers[] = {client, server};
  for (rtmp_hs *hs : peers) {
    size_t consumed = 1;
    if (rtmp_hs_state(hs) == RTMP_HS_DONE) {
      Expect(rtmp_hs_feed(hs, chunk_stream, sizeof chunk_stream, &consumed) ==
                     RTMP_HS_OK &&
                 consumed == 0,
             s.name, "feed after completion consumes nothing");
    }
  }

  Expect(rtmp_hs_state(client) == s.client_state, s.name, "client state");
  Expect(rtmp_hs_state(server) == s.server_state, s.name, "server state");
  Expect(rtmp_hs_error(client) == s.client_error, s.name, "client error");
  Expect(rtmp_hs_error(server) == s.server_error, s.name, "server error");
  if (s.client_state == RTMP_HS_DONE && s.server_state == RTMP_HS_DONE) {
    Expect(rtmp_hs_mode(client) == s.mode && rtmp_hs_mode(server) == s.mode,
           s.name, "mode");
    Expect(rtmp_hs_peer_verified(client) == 1, s.name, "client verified");
    Expect(rtmp_hs_peer_verified(server) == 1, s.name, "server verified");
  }

  // Every other entry point, including misuse and NULL handles.
  rtmp_hs *const handles[] = {client, server, nullptr};
  for (rtmp_hs *hs : handles) {
    (void)rtmp_hs_pending(hs);
    (void)rtmp_hs_needed(hs);
    (void)rtmp_hs_peer_version(hs);
    (void)rtmp_hs_peer_time(hs);
    (void)rtmp_hs_peer_p0(hs);
    (void)rtmp_hs_peer_scheme(hs);
    (void)rtmp_hs_set_version(hs, 3);
    (void)rtmp_hs_set_flags(hs, 99);
    (void)rtmp_hs_drain(hs, nullptr, 0);
    (void)rtmp_hs_feed(hs, nullptr, 0, nullptr);
    (void)rtmp_hs_start(hs);
    (void)rtmp_hs_encryption_type(hs);
    (void)rtmp_hs_set_encryption(hs, 6);
    uint8_t byte = 0;
    (void)rtmp_hs_encrypt(hs, &byte, 1);
    (void)rtmp_hs_decrypt(hs, nullptr, 0);
    const uint8_t hash[32] = {};
    uint8_t token[42];
    (void)rtmp_hs_swf_verification(hs, hash, 1, token);
  }
  (void)rtmp_hs_strerror(rtmp_hs_error(server));
  (void)rtmp_hs_status_name(rtmp_hs_error(client));
  (void)rtmp_hs_strerror(12345);
  (void)rtmp_hs_version();
  (void)rtmp_hs_version_string();
}

bool AllZero(const void *p, size_t n) {
  const auto *bytes = static_cast<const unsigned char *>(p);
  for (size_t i = 0; i < n; ++i) {
    if (bytes[i] != 0) {
      return false;
    }
  }
  return true;
}

void Run(const Scenario &s) {
  StartCounting();
  rtmp_hs *client = rtmp_hs_new(RTMP_HS_CLIENT);
  const AllocCounts new_client = StopCounting();
  StartCounting();
  rtmp_hs *server = rtmp_hs_new(RTMP_HS_SERVER);
  const AllocCounts new_server = StopCounting();
  if (client == nullptr || server == nullptr) {
    Expect(false, s.name, "rtmp_hs_new returned NULL");
    rtmp_hs_free(client);
    rtmp_hs_free(server);
    return;
  }
  Expect(new_client.allocations == 1 && new_client.frees == 0, s.name,
         "rtmp_hs_new(CLIENT) made exactly one allocation");
  Expect(new_server.allocations == 1 && new_server.frees == 0, s.name,
         "rtmp_hs_new(SERVER) made exactly one allocation");
  Expect(new_client.last_allocation == client, s.name,
         "the client handle is the allocated block");
  Expect(new_server.last_allocation == server, s.name,
         "the server handle is the allocated block");

  StartCounting();
  g_call_left_blocks = false;
  Exchange(s, client, server);
  const AllocCounts during = StopCounting();
  Expect(!g_call_left_blocks, s.name,
         "every start and feed freed whatever it allocated before returning");

  // The live handles hold the handshake (digests included); rtmp_hs_free
  // must leave nothing of it in the block it hands back to the allocator.
  Expect(!AllZero(client, new_client.last_allocation_size) &&
             !AllZero(server, new_server.last_allocation_size),
         s.name, "the live handles hold handshake state");
  WatchFree(client, new_client.last_allocation_size);
  StartCounting();
  rtmp_hs_free(client);
  const AllocCounts free_client = StopCounting();
  Expect(WatchedFreeResult() == 1, s.name,
         "rtmp_hs_free(client) wiped the whole handle before freeing it");
  WatchFree(server, new_server.last_allocation_size);
  StartCounting();
  rtmp_hs_free(server);
  const AllocCounts free_server = StopCounting();
  Expect(WatchedFreeResult() == 1, s.name,
         "rtmp_hs_free(server) wiped the whole handle before freeing it");

  if (s.bignum) {
    // The exception: mbedTLS's bignum limbs, all freed again.
    Expect(during.allocations > 0 && during.allocations == during.frees, s.name,
           "every bignum block is freed again");
    if (during.allocations > g_rtmpe_allocations_max) {
      g_rtmpe_allocations_max = during.allocations;
    }
    if (during.allocations < g_rtmpe_allocations_min) {
      g_rtmpe_allocations_min = during.allocations;
    }
  } else {
    Expect(during.allocations == 0 && during.frees == 0, s.name,
           "no allocation or free between rtmp_hs_new and rtmp_hs_free");
  }
  Expect(free_client.allocations == 0 && free_client.frees == 1 &&
             free_client.last_free == client,
         s.name, "rtmp_hs_free(client) frees exactly the handle");
  Expect(free_server.allocations == 0 && free_server.frees == 1 &&
             free_server.last_free == server,
         s.name, "rtmp_hs_free(server) frees exactly the handle");
  (void)std::printf(
      "%-34s new: %zu+%zu allocations; handshake: %zu allocations, "
      "%zu frees; free: %zu+%zu frees\n",
      s.name, new_client.allocations, new_server.allocations,
      during.allocations, during.frees, free_client.frees, free_server.frees);
}

// Caller-owned memory: init, the whole exchange and cleanup, with not one
// heap call from first to last, and both blocks all zero afterwards.
alignas(16) unsigned char g_client_block[8192];
alignas(16) unsigned char g_server_block[8192];

void RunInCallerMemory(const Scenario &s) {
  const size_t size = rtmp_hs_sizeof();
  StartCounting();
  rtmp_hs *client = rtmp_hs_init(g_client_block, size, RTMP_HS_CLIENT);
  rtmp_hs *server = rtmp_hs_init(g_server_block, size, RTMP_HS_SERVER);
  if (client == nullptr || server == nullptr) {
    (void)StopCounting();
    Expect(false, s.name, "rtmp_hs_init returned NULL");
    return;
  }
  Exchange(s, client, server);
  const bool live =
      !AllZero(g_client_block, size) && !AllZero(g_server_block, size);
  rtmp_hs_cleanup(client);
  rtmp_hs_cleanup(server);
  const AllocCounts all = StopCounting();
  Expect(live, s.name, "the caller-owned blocks hold handshake state");
  Expect(all.allocations == 0 && all.frees == 0, s.name,
         "caller memory: no heap call from rtmp_hs_init to rtmp_hs_cleanup");
  Expect(AllZero(g_client_block, size) && AllZero(g_server_block, size), s.name,
         "rtmp_hs_cleanup wiped both whole blocks");
  (void)std::printf("%-34s caller memory: %zu allocations, %zu frees\n", s.name,
                    all.allocations, all.frees);
}

// The counter must see allocations, or every "0 allocations" above is void.
void SelfCheck() {
  void *(*volatile do_malloc)(size_t) = std::malloc;
  void (*volatile do_free)(void *) = std::free;
  void *(*volatile do_new)(size_t) = ::operator new;
  void (*volatile do_delete)(void *) noexcept = ::operator delete;

  StartCounting();
  void *p = do_malloc(16);
  do_free(p);
  void *q = do_new(16);
  do_delete(q);
  rtmp_hs_free(nullptr);
  const AllocCounts c = StopCounting();
  Expect(c.allocations == 2 && c.frees == 2, "self-check",
         "a deliberate malloc and new are counted (interposition works)");

  StartCounting();
  rtmp_hs *bad = rtmp_hs_new(7);
  const AllocCounts none = StopCounting();
  Expect(bad == nullptr && none.allocations == 0, "self-check",
         "rtmp_hs_new(bad role) returns NULL without allocating");
  (void)std::printf("%-34s %zu allocations and %zu frees seen of 2 and 2\n",
                    "self-check", c.allocations, c.frees);

  // The wipe check must see non-zero bytes, or "wiped" above is void.
  auto *dirty = static_cast<unsigned char *>(do_malloc(64));
  std::memset(dirty, 0xA5, 64);
  WatchFree(dirty, 64);
  do_free(dirty);
  const int dirty_result = WatchedFreeResult();
  auto *clean = static_cast<unsigned char *>(do_malloc(64));
  std::memset(clean, 0, 64);
  WatchFree(clean, 64);
  do_free(clean);
  Expect(dirty_result == 0 && WatchedFreeResult() == 1, "self-check",
         "the free-time inspection tells a dirty block from a wiped one");
}

// Out of memory: rtmp_hs_new says so with NULL, after one attempt, and
// nothing is left behind.
void OutOfMemory() {
  const int roles[] = {RTMP_HS_CLIENT, RTMP_HS_SERVER};
  for (const int role : roles) {
    StartCounting();
    alloc_test::FailNextAllocation();
    rtmp_hs *hs = rtmp_hs_new(role);
    const AllocCounts c = StopCounting();
    Expect(hs == nullptr, "out of memory", "rtmp_hs_new returns NULL");
    Expect(c.allocations == 1 && c.frees == 0, "out of memory",
           "one failed attempt, nothing freed or retried");
    rtmp_hs_free(hs);
  }
  (void)std::printf("%-34s rtmp_hs_new returned NULL for both roles\n",
                    "out of memory");
}

}  // namespace

int main() {
  SelfCheck();
  OutOfMemory();

  Side digest0;
  Side digest1;
  digest1.scheme = 1;
  Side original;
  original.original = true;
  Side strict;
  strict.flags = RTMP_HS_REQUIRE_DIGEST | RTMP_HS_VERIFY_P2;
  Side os_random;
  os_random.os_random = true;
  Side failing;
  failing.failing_random = true;
  Side server_scheme0;
  server_scheme0.scheme = 0;
  Side verify;
  verify.flags = RTMP_HS_VERIFY_P2;
  Side require;
  require.flags = RTMP_HS_REQUIRE_DIGEST;
  Side all_types;
  all_types.encryption = (1 << 6) | (1 << 8) | (1 << 9);

  Scenario scenarios[] = {
      {"digest, scheme 0", digest0, digest0},
      {"digest, scheme 1", digest1, digest0},
      {"digest, server answers scheme 0", digest1, server_scheme0},
      {"digest, strict both", strict, strict},
      {"digest, one byte per feed", digest1, digest0, 1},
      {"digest, default OS random", os_random, os_random, 700},
      {"original (version 0 both)", original, original},
      {"original, strict P2", original, verify, 5},
      {"mixed: server version 0", digest0, original},
      {"mixed: client version 0", original, digest1},
  };
  scenarios[6].mode = RTMP_HS_MODE_SIMPLE;
  scenarios[7].mode = RTMP_HS_MODE_SIMPLE;
  scenarios[8].mode = RTMP_HS_MODE_SIMPLE;
  scenarios[9].mode = RTMP_HS_MODE_SIMPLE;
  for (const Scenario &s : scenarios) {
    Run(s);
    RunInCallerMemory(s);
  }

  // A server that accepts RTMPE serves plain and digest clients without
  // any bignum work: still nothing allocated.
  Run({"digest client, RTMPE server", digest0, all_types});
  Scenario plain_to_rtmpe{"original client, RTMPE server", original, all_types};
  plain_to_rtmpe.mode = RTMP_HS_MODE_SIMPLE;
  Run(plain_to_rtmpe);

  const int types[] = {6, 8, 9};
  const char *const names[] = {"RTMPE type 6", "RTMPE type 8", "RTMPE type 9"};
  for (int i = 0; i < 3; ++i) {
    Side client;
    client.encryption = types[i];
    Scenario s{names[i], client, all_types};
    s.mode = RTMP_HS_MODE_ENCRYPTED;
    s.bignum = true;
    Run(s);
    s.chunk = 1;
    s.name = "RTMPE, one byte per feed";
    Run(s);
  }

  // Failures, each with the state and code it must end in.
  Scenario server_requires{"fail: server requires digest", original, require};
  server_requires.client_state = RTMP_HS_IN_PROGRESS;
  server_requires.server_state = RTMP_HS_FAILED;
  server_requires.server_error = RTMP_HS_ERR_DIGEST;
  Run(server_requires);

  Scenario client_requires{"fail: client requires digest", require, original};
  client_requires.client_state = RTMP_HS_FAILED;
  client_requires.client_error = RTMP_HS_ERR_DIGEST;
  client_requires.server_state = RTMP_HS_IN_PROGRESS;
  Run(client_requires);

  Scenario bad_c2{"fail: corrupted C2, VERIFY_P2", digest0, verify};
  bad_c2.corrupt_c2 = true;
  bad_c2.server_state = RTMP_HS_FAILED;
  bad_c2.server_error = RTMP_HS_ERR_SIGNATURE;
  Run(bad_c2);

  Scenario random_fails{"fail: random source", failing, digest0};
  random_fails.client_state = RTMP_HS_FAILED;
  random_fails.client_error = RTMP_HS_ERR_RANDOM;
  random_fails.server_state = RTMP_HS_IN_PROGRESS;
  Run(random_fails);

  const struct {
    const char *name;
    const char *opening;
    int error;
  } openings[] = {
      {"fail: HTTP request", "GET / HTTP/1.1\r\n\r\n", RTMP_HS_ERR_HTTP},
      {"fail: TLS ClientHello", "\x16\x03\x01\x02", RTMP_HS_ERR_TLS},
      {"fail: RTMPE type not enabled", "\x06\x00\x00\x00",
       RTMP_HS_ERR_UNSUPPORTED},
      {"fail: unknown version byte", "\x07\x00\x00\x00", RTMP_HS_ERR_VERSION},
  };
  for (const auto &o : openings) {
    Scenario s{o.name, digest0, digest0, 1};
    s.server_opening = o.opening;
    s.client_state = RTMP_HS_IN_PROGRESS;
    s.server_state = RTMP_HS_FAILED;
    s.server_error = o.error;
    Run(s);
  }

  (void)std::printf(
      "RTMPE handshakes (client + server together): %zu to %zu allocations, "
      "each freed before the call that made it returned\n",
      g_rtmpe_allocations_min, g_rtmpe_allocations_max);
  if (g_failures != 0) {
    (void)std::printf("%d check(s) failed\n", g_failures);
    return 1;
  }
  (void)std::printf("all allocation checks passed\n");
  return 0;
}
