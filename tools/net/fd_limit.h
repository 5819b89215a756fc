// The process's descriptor limit (RLIMIT_NOFILE): a server holding thousands
// of clients needs one descriptor each, more than the usual soft limit.
#ifndef RTMP_HS_TOOLS_NET_FD_LIMIT_H_
#define RTMP_HS_TOOLS_NET_FD_LIMIT_H_

#include <cstdint>

namespace rtmphs::cli {

// Raises the soft limit towards wanted, at most to the hard limit; returns
// the soft limit in force afterwards (0 if it cannot be read).
uint64_t RaiseDescriptorLimit(uint64_t wanted);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_NET_FD_LIMIT_H_
