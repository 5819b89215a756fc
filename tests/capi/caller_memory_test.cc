// Caller-owned memory: rtmp_hs_sizeof, rtmp_hs_init and rtmp_hs_cleanup
// (API.md "Caller-owned memory"). A handle built in caller memory behaves
// exactly like one from rtmp_hs_new, and its release wipes the whole block.
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "handshake_pump.h"

namespace capi_test {
namespace {

constexpr size_t kLimit = 8192;  // API.md: the handle stays within 8 KiB

// Room for a handle at any offset we want to test, aligned to 64.
struct alignas(64) Arena {
  uint8_t bytes[kLimit + 128];
};

bool AllZero(const uint8_t *p, size_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

TEST(CallerMemory, SizeFitsEightKibAndIsStable) {
  const size_t size = rtmp_hs_sizeof();
  EXPECT_GT(size, kFlight * 2);  // it holds both sides' flights
  EXPECT_LE(size, kLimit);
  EXPECT_EQ(rtmp_hs_sizeof(), size);
}

TEST(CallerMemory, BadArgumentsGiveNullAndTouchNothing) {
  Arena arena;
  std::memset(arena.bytes, 0xA5, sizeof arena.bytes);
  const size_t size = rtmp_hs_sizeof();
  for (int role : {0, 3, -1, INT_MIN, INT_MAX}) {
    EXPECT_EQ(rtmp_hs_init(arena.bytes, size, role), nullptr) << role;
  }
  EXPECT_EQ(rtmp_hs_init(nullptr, size, RTMP_HS_CLIENT), nullptr);
  EXPECT_EQ(rtmp_hs_init(arena.bytes, size - 1, RTMP_HS_CLIENT), nullptr);
  EXPECT_EQ(rtmp_hs_init(arena.bytes, 0, RTMP_HS_SERVER), nullptr);
  for (size_t misalign :
       {size_t{1}, size_t{2}, size_t{4}, size_t{8}, size_t{12}, size_t{15}}) {
    EXPECT_EQ(rtmp_hs_init(arena.bytes + misalign, size, RTMP_HS_CLIENT),
              nullptr)
        << misalign;
  }
  EXPECT_TRUE(std::all_of(arena.bytes, arena.bytes + sizeof arena.bytes,
                          [](uint8_t b) { return b == 0xA5; }));
  rtmp_hs_cleanup(nullptr);  // fine, does nothing
}

TEST(CallerMemory, SixteenByteAlignmentAndExactSizeSuffice) {
  Arena arena;
  rtmp_hs *hs =
      rtmp_hs_init(arena.bytes + 16, rtmp_hs_sizeof(), RTMP_HS_CLIENT);
  ASSERT_NE(hs, nullptr);
  EXPECT_EQ(static_cast<void *>(hs), static_cast<void *>(arena.bytes + 16));
  EXPECT_EQ(rtmp_hs_state(hs), RTMP_HS_IN_PROGRESS);
  rtmp_hs_cleanup(hs);
}

TEST(CallerMemory, FreshHandleHasTheDefaultsOfNew) {
  for (int role : {RTMP_HS_CLIENT, RTMP_HS_SERVER}) {
    Arena arena;
    std::memset(arena.bytes, 0x5A, sizeof arena.bytes);  // garbage before init
    rtmp_hs *hs = rtmp_hs_init(arena.bytes, rtmp_hs_sizeof(), role);
    ASSERT_NE(hs, nullptr);
    EXPECT_EQ(rtmp_hs_state(hs), RTMP_HS_IN_PROGRESS);
    EXPECT_EQ(rtmp_hs_error(hs), RTMP_HS_OK);
    EXPECT_EQ(rtmp_hs_pending(hs), 0u);
    EXPECT_EQ(rtmp_hs_needed(hs), kFlight);
    EXPECT_EQ(rtmp_hs_mode(hs), -1);
    EXPECT_EQ(rtmp_hs_peer_scheme(hs), -1);
    EXPECT_EQ(rtmp_hs_peer_p0(hs), -1);
    EXPECT_EQ(rtmp_hs_peer_verified(hs), 0);
    rtmp_hs_cleanup(hs);
  }
}

// The same seeds give the same bytes whichever way the handles were made.
TEST(CallerMemory, HandshakeIsByteIdenticalToHeapHandles) {
  for (uint32_t version : {kDefaultClientVersion, 0u}) {
    TestRandom heap_client_random(11);
    TestRandom heap_server_random(22);
    Handle heap_client(rtmp_hs_new(RTMP_HS_CLIENT));
    Handle heap_server(rtmp_hs_new(RTMP_HS_SERVER));
    ASSERT_EQ(rtmp_hs_set_random(heap_client.get(), TestRandomFill,
                                 &heap_client_random),
              RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_set_random(heap_server.get(), TestRandomFill,
                                 &heap_server_random),
              RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_set_version(heap_client.get(), version), RTMP_HS_OK);
    const Wire expected = Pump(heap_client.get(), heap_server.get(), 100);

    Arena client_mem;
    Arena server_mem;
    TestRandom client_random(11);
    TestRandom server_random(22);
    rtmp_hs *client =
        rtmp_hs_init(client_mem.bytes, sizeof client_mem.bytes, RTMP_HS_CLIENT);
    rtmp_hs *server =
        rtmp_hs_init(server_mem.bytes, rtmp_hs_sizeof(), RTMP_HS_SERVER);
    ASSERT_NE(client, nullptr);
    ASSERT_NE(server, nullptr);
    ASSERT_EQ(rtmp_hs_set_random(client, TestRandomFill, &client_random),
              RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_set_random(server, TestRandomFill, &server_random),
              RTMP_HS_OK);
    ASSERT_EQ(rtmp_hs_set_version(client, version), RTMP_HS_OK);
    const Wire got = Pump(client, server, 100);

    EXPECT_EQ(rtmp_hs_state(client), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_state(server), RTMP_HS_DONE);
    EXPECT_EQ(rtmp_hs_peer_verified(client), 1);
    EXPECT_EQ(rtmp_hs_peer_verified(server), 1);
    EXPECT_EQ(rtmp_hs_mode(client),
              version == 0 ? RTMP_HS_MODE_SIMPLE : RTMP_HS_MODE_DIGEST);
    EXPECT_EQ(got.to_server, expected.to_server);
    EXPECT_EQ(got.to_client, expected.to_client);
    rtmp_hs_cleanup(client);
    rtmp_hs_cleanup(server);
  }
}

TEST(CallerMemory, DefaultRandomSourceWorksInCallerMemory) {
  Arena client_mem;
  Arena server_mem;
  rtmp_hs *client =
      rtmp_hs_init(client_mem.bytes, rtmp_hs_sizeof(), RTMP_HS_CLIENT);
  rtmp_hs *server =
      rtmp_hs_init(server_mem.bytes, rtmp_hs_sizeof(), RTMP_HS_SERVER);
  ASSERT_NE(client, nullptr);
  ASSERT_NE(server, nullptr);
  const Wire wire = Pump(client, server);
  EXPECT_EQ(rtmp_hs_state(client), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_state(server), RTMP_HS_DONE);
  EXPECT_EQ(rtmp_hs_mode(server), RTMP_HS_MODE_DIGEST);
  EXPECT_NE(wire.c1(), wire.s1());
  rtmp_hs_cleanup(client);
  rtmp_hs_cleanup(server);
}

// Cleanup wipes every byte the caller handed over, beyond rtmp_hs_sizeof()
// too, and nothing outside it.
TEST(CallerMemory, CleanupWipesTheWholeBlockAndNothingElse) {
  Arena arena;
  std::memset(arena.bytes, 0xC3, sizeof arena.bytes);
  const size_t block = rtmp_hs_sizeof() + 48;
  rtmp_hs *client = rtmp_hs_init(arena.bytes + 16, block, RTMP_HS_CLIENT);
  ASSERT_NE(client, nullptr);
  Handle server(rtmp_hs_new(RTMP_HS_SERVER));
  Pump(client, server.get());
  ASSERT_EQ(rtmp_hs_state(client), RTMP_HS_DONE);
  EXPECT_FALSE(AllZero(arena.bytes + 16, rtmp_hs_sizeof()));
  rtmp_hs_cleanup(client);
  EXPECT_TRUE(AllZero(arena.bytes + 16, block));
  EXPECT_TRUE(std::all_of(arena.bytes, arena.bytes + 16,
                          [](uint8_t b) { return b == 0xC3; }));
  EXPECT_TRUE(std::all_of(arena.bytes + 16 + block,
                          arena.bytes + sizeof arena.bytes,
                          [](uint8_t b) { return b == 0xC3; }));
}

TEST(CallerMemory, SecondCleanupOfTheSameBlockDoesNothing) {
  Arena arena;
  rtmp_hs *hs = rtmp_hs_init(arena.bytes, rtmp_hs_sizeof(), RTMP_HS_SERVER);
  ASSERT_NE(hs, nullptr);
  rtmp_hs_cleanup(hs);
  arena.bytes[rtmp_hs_sizeof() - 1] = 0x77;  // the caller reuses its memory
  rtmp_hs_cleanup(hs);
  EXPECT_EQ(arena.bytes[rtmp_hs_sizeof() - 1], 0x77);
  rtmp_hs_free(hs);  // a wiped block is not a heap handle either
  EXPECT_EQ(arena.bytes[rtmp_hs_sizeof() - 1], 0x77);
}

// The mix-ups API.md forbids must still not corrupt the heap: free() of a
// caller-owned handle only wipes it; cleanup() of a heap handle wipes it
// and frees nothing (it leaks, which a C++ caller can check by freeing it).
TEST(CallerMemory, FreeOfACallerHandleWipesWithoutFreeing) {
  Arena arena;
  std::memset(arena.bytes, 0xC3, sizeof arena.bytes);
  const size_t block = rtmp_hs_sizeof();
  rtmp_hs *hs = rtmp_hs_init(arena.bytes, block, RTMP_HS_CLIENT);
  ASSERT_NE(hs, nullptr);
  ASSERT_EQ(rtmp_hs_start(hs), RTMP_HS_OK);
  rtmp_hs_free(hs);  // the arena is on the stack: free() here would crash
  EXPECT_TRUE(AllZero(arena.bytes, block));
}

TEST(CallerMemory, CleanupOfAHeapHandleWipesAndFreesNothing) {
  rtmp_hs *hs = rtmp_hs_new(RTMP_HS_CLIENT);
  ASSERT_NE(hs, nullptr);
  ASSERT_EQ(rtmp_hs_start(hs), RTMP_HS_OK);
  rtmp_hs_cleanup(hs);
  // Still ours to read: cleanup handed nothing back to the allocator.
  EXPECT_TRUE(AllZero(reinterpret_cast<const uint8_t *>(hs), rtmp_hs_sizeof()));
  rtmp_hs_free(hs);  // a wiped block: does nothing
  std::free(hs);     // NOLINT: the block rtmp_hs_new took from malloc
}

TEST(CallerMemory, InitReusesAReleasedBlock) {
  Arena arena;
  for (int round = 0; round < 3; ++round) {
    rtmp_hs *client =
        rtmp_hs_init(arena.bytes, rtmp_hs_sizeof(), RTMP_HS_CLIENT);
    ASSERT_NE(client, nullptr);
    Handle server(rtmp_hs_new(RTMP_HS_SERVER));
    Pump(client, server.get());
    EXPECT_EQ(rtmp_hs_state(client), RTMP_HS_DONE) << round;
    EXPECT_EQ(rtmp_hs_state(server.get()), RTMP_HS_DONE) << round;
    rtmp_hs_cleanup(client);
  }
}

}  // namespace
}  // namespace capi_test
