#include "net/epoll_set.h"

#include <poll.h>
#include <unistd.h>

namespace rtmphs::cli {
namespace {

uint32_t ToEpoll(int16_t events) {
  uint32_t out = 0;
  if ((events & POLLIN) != 0) {
    out |= EPOLLIN;
  }
  if ((events & POLLOUT) != 0) {
    out |= EPOLLOUT;
  }
  return out;
}

int16_t FromEpoll(uint32_t events) {
  int out = 0;
  if ((events & EPOLLIN) != 0) {
    out |= POLLIN;
  }
  if ((events & EPOLLOUT) != 0) {
    out |= POLLOUT;
  }
  if ((events & EPOLLERR) != 0) {
    out |= POLLERR;
  }
  if ((events & EPOLLHUP) != 0) {
    out |= POLLHUP;
  }
  return static_cast<int16_t>(out);
}

}  // namespace

EpollSet::EpollSet() : epfd_(epoll_create1(EPOLL_CLOEXEC)) {}

EpollSet::~EpollSet() {
  if (epfd_ >= 0) {
    close(epfd_);
  }
}

bool EpollSet::Add(int fd, int16_t events, void *owner) const {
  epoll_event event{};
  event.events = ToEpoll(events);
  event.data.ptr = owner;
  return epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &event) == 0;
}

bool EpollSet::Modify(int fd, int16_t events, void *owner) const {
  epoll_event event{};
  event.events = ToEpoll(events);
  event.data.ptr = owner;
  return epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &event) == 0;
}

bool EpollSet::Remove(int fd) const {
  return epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr) == 0;
}

int EpollSet::Wait(int timeout_ms, int max_events, std::vector<Ready> *ready) {
  events_.resize(static_cast<size_t>(max_events));
  ready->clear();
  const int n = epoll_wait(epfd_, events_.data(), max_events, timeout_ms);
  for (int i = 0; i < n; ++i) {
    const epoll_event &e = events_[static_cast<size_t>(i)];
    ready->push_back(Ready{e.data.ptr, FromEpoll(e.events)});
  }
  return n;
}

}  // namespace rtmphs::cli
