// One TCP connection running an RTMP handshake: moves bytes between a
// non-blocking socket and an rtmp_hs handle under the caller's poll loop,
// and on the server side reads the name of the first command after it.
#ifndef RTMP_HS_TOOLS_NET_HS_CONNECTION_H_
#define RTMP_HS_TOOLS_NET_HS_CONNECTION_H_

#include <rtmp_handshake.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/transport.h"

namespace rtmphs::cli {

// Error texts for network conditions (JSON "error" values besides the
// rtmp_hs_status_name() of a failed handshake).
inline constexpr char kErrorTimeout[] = "timeout";
inline constexpr char kErrorClosedDuringHandshake[] =
    "connection closed by peer during handshake";

class HandshakeConnection {
 public:
  struct Options {
    // Server: after the handshake, keep reading until the first message's
    // command name is known (or it is clear there is none).
    bool read_first_command = false;
    // Client: bytes to send right after the handshake (e.g. `connect`).
    std::vector<uint8_t> after_handshake;
  };

  // Takes ownership of fd (non-blocking, connected) and hs (options set).
  // The bytes go over the socket itself unless UseTransport says otherwise.
  HandshakeConnection(int fd, rtmp_hs *hs, Options options);
  ~HandshakeConnection();
  HandshakeConnection(const HandshakeConnection &) = delete;
  HandshakeConnection &operator=(const HandshakeConnection &) = delete;

  // Before Start: run over this transport on fd (TLS); its opening comes
  // first, under the same poll loop and deadline.
  void UseTransport(std::unique_ptr<Transport> transport) {
    transport_ = std::move(transport);
  }

  // Queues and starts sending our first flight (a client's C0+C1; nothing for
  // a server, which answers C0+C1).
  void Start();
  // The events to poll for; 0 once finished.
  int16_t PollEvents() const;
  // Handles poll(2)'s revents for this socket.
  void OnPoll(int16_t revents);
  // The caller's deadline passed: an unfinished handshake fails with
  // "timeout"; after a completed one, the first command is simply absent.
  void OnTimeout();
  // Gives up with this error text unless already finished (the caller's
  // loop failed).
  void Abort(std::string error) { Fail(0, std::move(error)); }

  int fd() const { return fd_; }
  const rtmp_hs *handle() const { return hs_; }
  bool finished() const { return finished_; }
  // Whether the handshake completed; error() says why not.
  bool ok() const { return error_.empty() && HandshakeDone(); }
  const std::string &error() const { return error_; }
  // The failing RTMP_HS_ERR_* code, or 0 for network errors and success.
  int status() const { return status_; }
  const std::optional<std::string> &first_command() const {
    return first_command_;
  }
  // The TLS session, once its handshake completed; nullopt over plain TCP.
  std::optional<TlsInfo> tls() const { return transport_->tls(); }
  // Whether the transport's opening (TLS) completed.
  bool transport_open() const { return transport_open_; }
  // From the moment our whole first flight was handed to the kernel to the
  // moment the peer's P0+P1 (1537 bytes) were all read; unset if either did
  // not happen.
  std::optional<double> rtt_ms() const;

 private:
  bool HandshakeDone() const { return rtmp_hs_state(hs_) == RTMP_HS_DONE; }
  // Moves the transport's opening forward; true once it is open.
  bool OpenTransport();
  void ReadAvailable();
  void Consume(const uint8_t *data, size_t len);
  void ConsumeAfterHandshake(const uint8_t *data, size_t len);
  void QueueOutput();
  void FlushOutput();
  void OnPeerClosed(int err);
  void Fail(int status, std::string error);
  void UpdateFinished();

  int fd_;
  rtmp_hs *hs_;
  Options options_;
  std::unique_ptr<Transport> transport_;
  bool transport_open_ = false;
  std::vector<uint8_t> out_;
  size_t out_sent_ = 0;
  size_t first_flight_size_ = 0;
  size_t total_sent_ = 0;
  size_t handshake_received_ = 0;
  int64_t first_flight_sent_us_ = -1;
  int64_t peer_p1_received_us_ = -1;
  std::vector<uint8_t> after_;  // chunk stream bytes, up to the first chunk
  bool first_command_decided_ = false;
  std::optional<std::string> first_command_;
  bool finished_ = false;
  int status_ = 0;
  std::string error_;
};

// Starts conn and polls its socket until it finished or deadline_us passed
// (a client on its own: probe and its checks).
void RunUntilFinished(HandshakeConnection &conn, int64_t deadline_us);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_NET_HS_CONNECTION_H_
