// Command-line argument reading for the tool's subcommands: options in the
// forms --name, --name VALUE and --name=VALUE, positionals, and the value
// parsers they share.
#ifndef RTMP_HS_TOOLS_CLI_ARGS_H_
#define RTMP_HS_TOOLS_CLI_ARGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rtmphs::cli {

class ArgReader {
 public:
  explicit ArgReader(std::vector<std::string_view> args)
      : args_(std::move(args)) {}

  bool AtEnd() const { return pos_ >= args_.size(); }
  std::string_view Peek() const { return AtEnd() ? "" : args_[pos_]; }
  bool PeekIsOption() const;  // starts with '-' and is not "-" alone

  // Consumes the current argument if it is exactly `name`. "--name=x" is an
  // error (the flag takes no value).
  bool Flag(std::string_view name);
  // Consumes `name VALUE` or `name=VALUE` and stores VALUE. A missing value
  // is an error.
  bool Value(std::string_view name, std::string *value);
  // Consumes the current argument as a positional.
  std::string_view Next();

  // The first error met (empty if none); once set, Flag/Value return false.
  const std::string &error() const { return error_; }
  void Fail(std::string message);

 private:
  std::vector<std::string_view> args_;
  size_t pos_ = 0;
  std::string error_;
};

// 0x-prefixed hex or decimal, 0..0xFFFFFFFF, nothing else (no sign, spaces
// or suffix).
bool ParseUint32(std::string_view text, uint32_t *out);
// A positive decimal count (1..2^31-1).
bool ParseCount(std::string_view text, uint32_t *out);
// Seconds as a decimal number (fractions allowed), > 0 and <= 86400.
bool ParseSeconds(std::string_view text, double *out);

}  // namespace rtmphs::cli

#endif  // RTMP_HS_TOOLS_CLI_ARGS_H_
