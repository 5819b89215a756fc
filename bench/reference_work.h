// The floor of a digest pair from mbedTLS's primitives (reference_work.cc),
// for benchmarks that time it alternately with the library.
#ifndef RTMPHS_BENCH_REFERENCE_WORK_H_
#define RTMPHS_BENCH_REFERENCE_WORK_H_

#include <memory>

namespace rtmphs_bench {

class MbedtlsFloor {
 public:
  MbedtlsFloor();
  ~MbedtlsFloor();
  MbedtlsFloor(const MbedtlsFloor &) = delete;
  MbedtlsFloor &operator=(const MbedtlsFloor &) = delete;

  bool ok() const;
  void Run();  // 8 HMACs over 1504 bytes, 4 key derivations, 4 x 1536 bytes

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace rtmphs_bench

#endif  // RTMPHS_BENCH_REFERENCE_WORK_H_
