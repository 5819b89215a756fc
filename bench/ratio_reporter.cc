#include "ratio_reporter.h"

#include <algorithm>
#include <cstdio>

namespace rtmphs_bench {
namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

void RatioReporter::ReportRuns(const std::vector<Run> &runs) {
  std::vector<Run> shown;
  for (const Run &run : runs) {
    if (run.run_type == Run::RT_Aggregate) {
      shown.push_back(run);
      continue;
    }
    if (run.error_occurred || run.iterations == 0) {
      shown.push_back(run);  // the console says what went wrong
      continue;
    }
    std::string name = run.run_name.function_name;
    if (!run.run_name.args.empty()) {
      name += "/" + run.run_name.args;
    }
    if (seconds_.find(name) == seconds_.end()) {
      order_.emplace(run.family_index, name);
    }
    seconds_[name].push_back(run.cpu_accumulated_time /
                             static_cast<double>(run.iterations));
    const auto paired = run.counters.find("x_floor");
    if (paired != run.counters.end()) {
      paired_[name].push_back(paired->second.value);
    }
    if (run.repetitions <= 1) {
      shown.push_back(run);  // no aggregate will follow
    }
  }
  if (!shown.empty()) {
    ConsoleReporter::ReportRuns(shown);
  }
}

void RatioReporter::Finalize() {
  ConsoleReporter::Finalize();
  const auto unit = seconds_.find(kUnitName);
  const auto floor = seconds_.find(kFloorName);
  if (unit == seconds_.end()) {
    std::printf("\n(no ratio table: %s was not run)\n", kUnitName);
    return;
  }
  const double unit_s = Median(unit->second);
  const double floor_s = floor == seconds_.end() ? 0 : Median(floor->second);
  std::printf(
      "\nMedian CPU time per operation; unit = one mbedTLS HMAC-SHA256 over "
      "1504 bytes = %.2f us; floor = %s\n\n",
      unit_s * 1e6, kFloorName);
  std::printf("| %-38s | %9s | %8s | %8s | %4s |\n", "benchmark", "us",
              "x unit", "x floor", "reps");
  std::printf("| %-38s | %9s | %8s | %8s | %4s |\n",
              "--------------------------------------", "---------", "--------",
              "--------", "----");
  // The yardsticks first, then the library in registration order.
  std::vector<std::string> names;
  for (const char *prefix : {"unit/", "floor/", ""}) {
    for (const auto &entry : order_) {
      const std::string &name = entry.second;
      const bool yardstick =
          name.rfind("unit/", 0) == 0 || name.rfind("floor/", 0) == 0;
      if (paired_.count(name) != 0) {
        continue;  // its time is two things at once: see the paired table
      }
      if (*prefix != '\0' ? name.rfind(prefix, 0) == 0 : !yardstick) {
        names.push_back(name);
      }
    }
  }
  for (const std::string &name : names) {
    const std::vector<double> &v = seconds_[name];
    const double s = Median(v);
    char versus_floor[16] = "-";
    if (floor_s > 0) {
      std::snprintf(versus_floor, sizeof versus_floor, "%.3f", s / floor_s);
    }
    std::printf("| %-38s | %9.2f | %8.2f | %8s | %4zu |\n", name.c_str(),
                s * 1e6, s / unit_s, versus_floor, v.size());
  }
  if (!paired_.empty()) {
    std::printf(
        "\nPaired: the library's pair and the mbedTLS floor timed "
        "alternately in each iteration (median of the repetitions)\n\n");
    std::printf("| %-38s | %8s |\n", "benchmark", "x floor");
    std::printf("| %-38s | %8s |\n", "--------------------------------------",
                "--------");
    for (const auto &entry : paired_) {
      std::printf("| %-38s | %8.3f |\n", entry.first.c_str(),
                  Median(entry.second));
    }
  }
}

}  // namespace rtmphs_bench
