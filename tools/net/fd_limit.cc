#include "net/fd_limit.h"

#include <sys/resource.h>

namespace rtmphs::cli {

uint64_t RaiseDescriptorLimit(uint64_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return 0;
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY || limit.rlim_max > wanted
                          ? static_cast<rlim_t>(wanted)
                          : limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      limit = raised;
    }
  }
  return limit.rlim_cur == RLIM_INFINITY
             ? UINT64_MAX
             : static_cast<uint64_t>(limit.rlim_cur);
}

}  // namespace rtmphs::cli
