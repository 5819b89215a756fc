#include "net/hs_connection.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "net/sockets.h"
#include "rtmp/chunk_peek.h"

namespace rtmphs::cli {
namespace {

constexpr size_t kPeerP0P1Size = 1 + 1536;
constexpr size_t kReadSize = 4096;
// Bounds the work done for one socket per poll round, so a peer that floods
// us cannot starve the others.
constexpr int kMaxReadsPerPoll = 16;

}  // namespace

HandshakeConnection::HandshakeConnection(int fd, rtmp_hs *hs, Options options)
    : fd_(fd),
      hs_(hs),
      options_(std::move(options)),
      transport_(std::make_unique<TcpTransport>(fd)) {}

HandshakeConnection::~HandshakeConnection() {
  transport_.reset();  // may still say goodbye on the socket
  if (fd_ >= 0) {
    close(fd_);
  }
  rtmp_hs_free(hs_);
}

void HandshakeConnection::Start() {
  const int rc = rtmp_hs_start(hs_);
  if (rc != RTMP_HS_OK) {
    Fail(rc, rtmp_hs_status_name(rc));
    return;
  }
  QueueOutput();
  first_flight_size_ = out_.size();
  if (OpenTransport()) {
    FlushOutput();
  }
  UpdateFinished();
}

bool HandshakeConnection::OpenTransport() {
  if (transport_open_) {
    return true;
  }
  switch (transport_->Open()) {
    case Transport::Progress::kReady:
      transport_open_ = true;
      return true;
    case Transport::Progress::kWaiting:
      return false;
    case Transport::Progress::kFailed:
      Fail(0, transport_->error());
      return false;
  }
  return false;
}

int16_t HandshakeConnection::PollEvents() const {
  if (finished_) {
    return 0;
  }
  if (!transport_open_) {
    return transport_->OpenEvents();
  }
  int16_t events = POLLIN;
  if (out_sent_ < out_.size()) {
    events |= POLLOUT;
  }
  return events;
}

void HandshakeConnection::OnPoll(int16_t revents) {
  if (finished_) {
    return;
  }
  if (!transport_open_) {
    if (OpenTransport()) {  // now send what waited for it, read what came
      FlushOutput();
      ReadAvailable();
    }
    UpdateFinished();
    return;
  }
  if ((revents & (POLLOUT | POLLERR | POLLHUP)) != 0 &&
      out_sent_ < out_.size()) {
    FlushOutput();
  }
  if (!finished_ && (revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
    ReadAvailable();
  }
  UpdateFinished();
}

void HandshakeConnection::OnTimeout() {
  if (finished_) {
    return;
  }
  if (!transport_open_) {
    Fail(0, transport_->OpenTimeoutText());
    return;
  }
  if (!HandshakeDone()) {
    Fail(0, kErrorTimeout);
    return;
  }
  first_command_decided_ = true;
  finished_ = true;
}

std::optional<double> HandshakeConnection::rtt_ms() const {
  if (first_flight_sent_us_ < 0 || peer_p1_received_us_ < 0) {
    return std::nullopt;
  }
  return static_cast<double>(peer_p1_received_us_ - first_flight_sent_us_) /
         1000.0;
}

void HandshakeConnection::ReadAvailable() {
  uint8_t buf[kReadSize];
  // Bytes a TLS session already holds are read past the limit: poll would
  // not report them.
  for (int i = 0;
       (i < kMaxReadsPerPoll || transport_->HasBuffered()) && !finished_; ++i) {
    const ssize_t n = transport_->Read(buf, sizeof buf);
    if (n > 0) {
      Consume(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      OnPeerClosed(0);
    } else if (errno == EINTR) {
      continue;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
      OnPeerClosed(errno);
    } else {
      break;
    }
    UpdateFinished();
    // A short read emptied the socket: asking again would only return
    // EAGAIN (poll and level-triggered epoll report any later bytes).
    if (n <= 0 ||
        (static_cast<size_t>(n) < sizeof buf && !transport_->HasBuffered())) {
      break;
    }
  }
}

void HandshakeConnection::Consume(const uint8_t *data, size_t len) {
  if (rtmp_hs_state(hs_) != RTMP_HS_IN_PROGRESS) {
    ConsumeAfterHandshake(data, len);
    return;
  }
  size_t consumed = 0;
  const int rc = rtmp_hs_feed(hs_, data, len, &consumed);
  if (rc != RTMP_HS_OK) {
    Fail(rc, rtmp_hs_status_name(rc));
    return;
  }
  handshake_received_ += consumed;
  if (peer_p1_received_us_ < 0 && handshake_received_ >= kPeerP0P1Size) {
    peer_p1_received_us_ = NowUs();
  }
  QueueOutput();
  if (HandshakeDone()) {
    // Under RTMPE everything after the handshake is RC4: what we send is
    // encrypted here, what we read is decrypted in ConsumeAfterHandshake.
    std::vector<uint8_t> after = options_.after_handshake;
    if (rtmp_hs_encryption_type(hs_) != 0 &&
        rtmp_hs_encrypt(hs_, after.data(), after.size()) != RTMP_HS_OK) {
      Fail(0, "cannot encrypt after the handshake");
      return;
    }
    out_.insert(out_.end(), after.begin(), after.end());
    ConsumeAfterHandshake(data + consumed, len - consumed);
  }
  FlushOutput();
}

void HandshakeConnection::ConsumeAfterHandshake(const uint8_t *data,
                                                size_t len) {
  if (!options_.read_first_command || first_command_decided_ || len == 0) {
    return;
  }
  const size_t room = kFirstChunkMaxSize - after_.size();
  const size_t keep = len < room ? len : room;
  const size_t start = after_.size();
  after_.insert(after_.end(), data, data + keep);
  // The stream is decrypted in order, leftovers of the completing read
  // first; once the first command is decided nothing more is needed.
  if (rtmp_hs_encryption_type(hs_) != 0 &&
      rtmp_hs_decrypt(hs_, after_.data() + start, keep) != RTMP_HS_OK) {
    first_command_decided_ = true;
    return;
  }
  std::string name;
  switch (PeekFirstCommand(after_.data(), after_.size(), &name)) {
    case ParseStatus::kOk:
      first_command_ = std::move(name);
      first_command_decided_ = true;
      break;
    case ParseStatus::kInvalid:
      first_command_decided_ = true;
      break;
    case ParseStatus::kNeedMore:
      // Cannot happen once the whole first chunk is here; be safe anyway.
      if (after_.size() >= kFirstChunkMaxSize) {
        first_command_decided_ = true;
      }
      break;
  }
}

void HandshakeConnection::QueueOutput() {
  uint8_t buf[kReadSize];
  size_t n = 0;
  while ((n = rtmp_hs_drain(hs_, buf, sizeof buf)) > 0) {
    out_.insert(out_.end(), buf, buf + n);
  }
}

void HandshakeConnection::FlushOutput() {
  while (!finished_ && out_sent_ < out_.size()) {
    const ssize_t n =
        transport_->Write(out_.data() + out_sent_, out_.size() - out_sent_);
    if (n > 0) {
      out_sent_ += static_cast<size_t>(n);
      total_sent_ += static_cast<size_t>(n);
      if (first_flight_sent_us_ < 0 && first_flight_size_ > 0 &&
          total_sent_ >= first_flight_size_) {
        first_flight_sent_us_ = NowUs();
      }
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    } else {
      OnPeerClosed(n < 0 ? errno : 0);
      return;
    }
  }
  if (out_sent_ >= out_.size()) {
    out_.clear();
    out_sent_ = 0;
  }
}

void HandshakeConnection::OnPeerClosed(int err) {
  if (finished_) {
    return;
  }
  if (!HandshakeDone()) {
    if (!transport_->error().empty()) {  // TLS failed: it says why
      Fail(0, transport_->error());
      return;
    }
    // A reset and an orderly close mean the same to the user here: the peer
    // gave up before the handshake completed.
    if (err == 0 || err == ECONNRESET || err == EPIPE) {
      Fail(0, kErrorClosedDuringHandshake);
    } else {
      Fail(0, NetErrorText(err));
    }
    return;
  }
  // After the handshake: nothing more will come; what we have is the answer.
  first_command_decided_ = true;
  finished_ = true;
}

void HandshakeConnection::Fail(int status, std::string error) {
  if (finished_) {
    return;
  }
  status_ = status;
  error_ = std::move(error);
  finished_ = true;
}

void HandshakeConnection::UpdateFinished() {
  if (finished_ || !HandshakeDone()) {
    return;
  }
  if (options_.read_first_command) {
    finished_ = first_command_decided_;
  } else {
    finished_ = out_sent_ >= out_.size();
  }
}

void RunUntilFinished(HandshakeConnection &conn, int64_t deadline_us) {
  conn.Start();
  while (!conn.finished()) {
    pollfd p{conn.fd(), conn.PollEvents(), 0};
    const int n = poll(&p, 1, PollTimeoutMs(deadline_us));
    if (n < 0 && errno != EINTR) {
      conn.Abort("poll: " + NetErrorText(errno));
      break;
    }
    if (n > 0) {
      conn.OnPoll(p.revents);
    }
    if (!conn.finished() && NowUs() >= deadline_us) {
      conn.OnTimeout();
    }
  }
}

}  // namespace rtmphs::cli
