// A level-triggered epoll(7) instance for the serve loop: sockets are
// registered with poll(2)-style event bits (what HandshakeConnection speaks)
// and an opaque pointer back to their owner. Waiting costs the same however
// many sockets are registered.
#ifndef RTMP_HS_TOOLS_NET_EPOLL_SET_H_
#define RTMP_HS_TOOLS_NET_EPOLL_SET_H_

#include <sys/epoll.h>

#include <cstdint>
#include <vector>

namespace rtmphs::cli {

class EpollSet {
 public:
  struct Ready {
    void *owner;
    int16_t revents;  // POLLIN, POLLOUT, POLLERR, POLLHUP
  };

  // valid() is false when epoll_create1 failed (errno says why).
  EpollSet();
  ~EpollSet();
  EpollSet(const EpollSet &) = delete;
  EpollSet &operator=(const EpollSet &) = delete;

  bool valid() const { return epfd_ >= 0; }
  // Each returns false with errno set on failure (const: they change the
  // kernel's set, not this object). events 0 keeps fd
  // registered but silent (errors and hang-ups are still reported).
  bool Add(int fd, int16_t events, void *owner) const;
  bool Modify(int fd, int16_t events, void *owner) const;
  bool Remove(int fd) const;
  // Waits up to timeout_ms (-1: no limit) and fills *ready with at most
  // max_events sockets; returns epoll_wait's result (-1 with errno).
  int Wait(int timeout_ms, int max_events, std::vector<Ready> *ready);

 private:
  int epfd_;
  std::vector<epoll_event> events_;
};

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_NET_EPOLL_SET_H_
