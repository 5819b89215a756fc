#include "random_source.h"

#include <sys/random.h>

#include <cerrno>

namespace rtmphs {

int OsRandom(void * /*ctx*/, uint8_t *buf, size_t len) {
  size_t done = 0;
  while (done < len) {
    const ssize_t n = getrandom(buf + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) {
        continue;  // interrupted by a signal: not a failure
      }
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace rtmphs
