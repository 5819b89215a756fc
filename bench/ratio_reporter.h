// Prints Google Benchmark's usual lines for the aggregates, then one table
// of every benchmark as a ratio to the unit and to the floor measured in
// the same run (medians of the repetitions' CPU time per iteration).
#ifndef RTMPHS_BENCH_RATIO_REPORTER_H_
#define RTMPHS_BENCH_RATIO_REPORTER_H_

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rtmphs_bench {

// Names the table keys on: the unit every ratio divides by, and the floor.
inline const char *const kUnitName = "unit/mbedtls_hmac_sha256_1504";
inline const char *const kFloorName = "floor/mbedtls";

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(OO_None) {}  // plain text: it is pasted
  void ReportRuns(const std::vector<Run> &runs) override;
  void Finalize() override;

 private:
  std::multimap<int64_t, std::string> order_;  // registration order
  std::map<std::string, std::vector<double>> seconds_;
  std::map<std::string, std::vector<double>>
      paired_;  // counter x_floor  // per repetition
};

}  // namespace rtmphs_bench

#endif  // RTMPHS_BENCH_RATIO_REPORTER_H_
