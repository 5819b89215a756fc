// What a handshake costs: whole exchanges per mode (RTMPE included), and the
// digest work that dominates the plain ones (each digest-mode side computes
// 4-6 HMACs over ~1.5 KB).
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>

#include "digest_scheme.h"
#include "handshake.h"

namespace {

// A cheap deterministic source, so the benchmark measures the handshake and
// not getrandom(2).
int CounterRandom(void *ctx, uint8_t *buf, size_t len) {
  auto *counter = static_cast<uint32_t *>(ctx);
  for (size_t i = 0; i < len; ++i) {
    buf[i] = static_cast<uint8_t>(++*counter * 2654435761u >> 24);
  }
  return 0;
}

// Moves everything one side has queued into the other.
void Pump(rtmphs::Handshake &from, rtmphs::Handshake &to) {
  std::array<uint8_t, rtmphs::kFlightSize> buf;
  const size_t n = from.Drain(buf.data(), buf.size());
  size_t used = 0;
  to.Feed(buf.data(), n, &used);
}

void BM_Handshake(benchmark::State &state, uint32_t client_version,
                  bool os_random, int rtmpe_type = 0) {
  uint32_t counter = 0;
  for (auto _ : state) {
    rtmphs::Handshake client(rtmphs::Role::kClient);
    rtmphs::Handshake server(rtmphs::Role::kServer);
    client.SetVersion(client_version);
    client.SetEncryption(rtmpe_type);
    server.SetEncryption(rtmpe_type == 0 ? 0 : 1 << rtmpe_type);
    if (!os_random) {
      client.SetRandom(CounterRandom, &counter);
      server.SetRandom(CounterRandom, &counter);
    }
    client.Start();
    Pump(client, server);  // C0+C1
    Pump(server, client);  // S0+S1+S2
    Pump(client, server);  // C2
    if (client.state() != rtmphs::State::kDone ||
        server.state() != rtmphs::State::kDone) {
      state.SkipWithError("handshake did not complete");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Handshake, digest, rtmphs::kDefaultClientVersion, false);
BENCHMARK_CAPTURE(BM_Handshake, simple, 0u, false);
BENCHMARK_CAPTURE(BM_Handshake, digest_os_random, rtmphs::kDefaultClientVersion,
                  true);
// RTMPE: three 1024-bit modular exponentiations per side dominate.
BENCHMARK_CAPTURE(BM_Handshake, rtmpe6, rtmphs::kDefaultClientVersion, false,
                  6);
BENCHMARK_CAPTURE(BM_Handshake, rtmpe9, rtmphs::kDefaultClientVersion, false,
                  9);

// Locating a digest in a P1 that has none: the worst case, both schemes.
void BM_FindP1DigestMiss(benchmark::State &state) {
  std::array<uint8_t, rtmphs::kPacketSize> p1{};
  uint32_t counter = 0;
  CounterRandom(&counter, p1.data(), p1.size());
  for (auto _ : state) {
    int scheme = 0;
    benchmark::DoNotOptimize(
        rtmphs::FindP1Digest(p1.data(), rtmphs::Party::kClient, &scheme));
    benchmark::DoNotOptimize(scheme);
  }
}
BENCHMARK(BM_FindP1DigestMiss);

}  // namespace
