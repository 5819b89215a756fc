// Invariant checks for the fuzz targets: a violation prints where and what,
// then aborts, which libFuzzer records as a crash (and the replay test as a
// failed test).
#ifndef RTMPHS_FUZZ_FUZZ_CHECK_H_
#define RTMPHS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                      \
  do {                                                                        \
    if (!(cond)) {                                                            \
      (void)std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, \
                         __LINE__, #cond);                                    \
      std::abort();                                                           \
    }                                                                         \
  } while (0)

#endif  // RTMPHS_FUZZ_FUZZ_CHECK_H_
