// Runs a fuzz target (its LLVMFuzzerTestOneInput) once over every file in
// the directories or files named on the command line. A missing directory
// is skipped (regressions may have none yet), but no input at all fails:
// an empty corpus must not pass silently.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> CollectInputs(int argc, char **argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (const auto &entry : fs::directory_iterator(arg)) {
        if (entry.is_regular_file() && entry.path().extension() != ".md") {
          files.push_back(entry.path());
        }
      }
    } else if (fs::is_regular_file(arg, ec)) {
      files.push_back(arg);
    } else {
      (void)std::fprintf(stderr, "note: %s does not exist, skipped\n", argv[i]);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char **argv) {
  const std::vector<fs::path> files = CollectInputs(argc, argv);
  if (files.empty()) {
    (void)std::fprintf(stderr, "no fuzz inputs found\n");
    return 1;
  }
  for (const fs::path &file : files) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
      (void)std::fprintf(stderr, "cannot read %s\n", file.c_str());
      return 1;
    }
    // An exact-size copy, as libFuzzer passes it: ASan sees over-reads.
    const std::vector<uint8_t> input((std::istreambuf_iterator<char>(stream)),
                                     std::istreambuf_iterator<char>());
    (void)std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(),
                       input.size());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  (void)std::printf("%zu inputs replayed without a violated invariant\n",
                    files.size());
  return 0;
}
