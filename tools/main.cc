// rtmp-handshake: probe RTMP servers, serve RTMP clients, or run the demo;
// a command-line tool over the library's public C API.
#include <rtmp_handshake.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "net/sockets.h"

namespace rtmphs::cli {
namespace {

constexpr char kUsage[] = R"(Usage: rtmp-handshake COMMAND [options]

The RTMP handshake (original and Flash Player 9 digest) from the command line,
over plain TCP or TLS (RTMPS).

Commands:
  probe URL   run the client handshake against an RTMP server and report what
              the server is (S0, version, mode, scheme, digests, RTT); an
              rtmps:// URL speaks TLS first and reports the TLS session and
              whether the server's certificate verified
  serve       accept RTMP clients, run the server handshake on each and report
              what each client is and the first command it sent (--tls
              CERT.pem KEY.pem: RTMPS, every client speaks TLS first)
  demo        a server and clients in every mode over loopback, and a table

Options:
  -h, --help      show this help; "rtmp-handshake COMMAND --help" for a command
  -V, --version   print the library version

Exit status: 0 success, 1 the handshake or the network failed, 2 usage error
or unsupported request.
)";

}  // namespace

void Emit(std::FILE *stream, const std::string &text) {
  // If the reader went away there is nobody left to tell.
  static_cast<void>(std::fputs(text.c_str(), stream));
  static_cast<void>(std::fflush(stream));
}

int UsageError(const char *command, const std::string &message) {
  const std::string name = std::string(kProgram) + " " + command;
  Emit(stderr, name + ": " + message + "\nTry '" + name + " --help'.\n");
  return kExitUsage;
}

int CommandError(const char *command, const std::string &message, int status) {
  Emit(stderr, std::string(kProgram) + " " + command + ": " + message + "\n");
  return status;
}

int Main(int argc, char **argv) {
  IgnoreSigpipe();
  std::vector<std::string_view> args(argv + 1, argv + argc);
  const std::string_view command = args.empty() ? "" : args.front();
  ArgReader rest({args.empty() ? args.end() : args.begin() + 1, args.end()});

  if (command == "probe") {
    return RunProbe(rest);
  }
  if (command == "serve") {
    return RunServe(rest);
  }
  if (command == "demo") {
    return RunDemo(rest);
  }
  if (command == "-h" || command == "--help" || command == "help") {
    Emit(stdout, kUsage);
    return kExitOk;
  }
  if (command == "-V" || command == "--version") {
    Emit(stdout, std::string(kProgram) + " " + rtmp_hs_version_string() + "\n");
    return kExitOk;
  }
  Emit(stderr, kUsage);
  if (!command.empty()) {
    Emit(stderr, "\n" + std::string(kProgram) +
                     ": unknown command or option '" + std::string(command) +
                     "'\n");
  }
  return kExitUsage;
}

}  // namespace rtmphs::cli

int main(int argc, char **argv) { return rtmphs::cli::Main(argc, argv); }
