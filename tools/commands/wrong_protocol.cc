#include "commands/wrong_protocol.h"

#include <poll.h>
#include <rtmp_handshake.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "net/hs_connection.h"
#include "tls/config.h"
#include "tls/session.h"

namespace rtmphs::cli {
namespace {

constexpr int64_t kMaxGraceUs = int64_t{2} * 1000000;
constexpr int kRtmpVersion = 3;

}  // namespace

int64_t CheckDeadline(int64_t probe_deadline_us, double timeout_s) {
  const auto timeout_us = static_cast<int64_t>(timeout_s * 1e6);
  return std::max(probe_deadline_us,
                  NowUs() + std::min(timeout_us, kMaxGraceUs));
}

bool ServerSpeaksTls(const std::vector<SocketAddress> &addresses,
                     const std::string &server_name, int64_t deadline_us) {
  std::string error;
  const std::unique_ptr<TlsConfig> config = TlsConfig::UnverifiedClient(&error);
  if (!config) {
    return false;
  }
  const int fd = ConnectTcp(addresses, deadline_us, &error, nullptr);
  if (fd < 0) {
    return false;
  }
  TlsSession::Options options;
  options.server_name = server_name;
  options.require_verified = false;
  std::unique_ptr<TlsSession> session =
      TlsSession::Create(fd, *config, options, &error);
  bool tls = false;
  while (session) {
    const Transport::Progress progress = session->Open();
    if (progress != Transport::Progress::kWaiting) {
      tls = progress == Transport::Progress::kReady || session->peer_sent_tls();
      break;
    }
    pollfd p{fd, session->OpenEvents(), 0};
    const int n = poll(&p, 1, PollTimeoutMs(deadline_us));
    if ((n < 0 && errno != EINTR) || (n == 0 && NowUs() >= deadline_us)) {
      tls = session->peer_sent_tls();
      break;
    }
  }
  session.reset();
  close(fd);
  return tls;
}

bool ServerSpeaksPlainRtmp(const std::vector<SocketAddress> &addresses,
                           int64_t deadline_us) {
  std::string error;
  rtmp_hs *hs = rtmp_hs_new(RTMP_HS_CLIENT);
  if (hs == nullptr) {
    return false;
  }
  const int fd = ConnectTcp(addresses, deadline_us, &error, nullptr);
  if (fd < 0) {
    rtmp_hs_free(hs);
    return false;
  }
  HandshakeConnection conn(fd, hs, {});
  RunUntilFinished(conn, deadline_us);
  return conn.ok() || rtmp_hs_peer_p0(conn.handle()) == kRtmpVersion;
}

}  // namespace rtmphs::cli
