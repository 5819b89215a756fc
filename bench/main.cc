// rtmp_hs_bench: every benchmark, repetitions interleaved at random so load
// on the machine spreads over all of them alike, then the ratio table.
// Google Benchmark's own flags still apply and override these defaults
// (e.g. --benchmark_filter=pair, --benchmark_repetitions=30).
#include <benchmark/benchmark.h>

#include <vector>

#include "ratio_reporter.h"

int main(int argc, char **argv) {
  std::vector<char *> args(argv, argv + argc);
  char repetitions[] = "--benchmark_repetitions=15";
  char interleave[] = "--benchmark_enable_random_interleaving=true";
  char min_time[] = "--benchmark_min_time=0.1";
  args.insert(args.begin() + 1, {repetitions, interleave, min_time});
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) {
    return 1;
  }
  rtmphs_bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
