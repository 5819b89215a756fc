// The tool's subcommands and what they share: exit codes, help texts and
// the usage-error convention.
#ifndef RTMP_HS_TOOLS_COMMANDS_H_
#define RTMP_HS_TOOLS_COMMANDS_H_

#include <cstdio>
#include <string>

#include "cli/args.h"

namespace rtmphs::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the handshake or the network failed
inline constexpr int kExitUsage = 2;   // bad arguments, unsupported request

inline constexpr char kProgram[] = "rtmp-handshake";

// Each runs with the arguments after its name and returns the exit status.
int RunProbe(ArgReader &args);
int RunServe(ArgReader &args);
int RunDemo(ArgReader &args);

extern const char kProbeHelp[];
extern const char kServeHelp[];
extern const char kDemoHelp[];

// Writes text to stream and flushes it: reports are read line by line by
// other programs as they appear.
void Emit(std::FILE *stream, const std::string &text);

// Prints "rtmp-handshake COMMAND: MESSAGE" and a hint to stderr; returns
// kExitUsage.
int UsageError(const char *command, const std::string &message);
// Prints "rtmp-handshake COMMAND: MESSAGE" to stderr; returns `status`.
int CommandError(const char *command, const std::string &message, int status);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_COMMANDS_H_
