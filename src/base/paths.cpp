#include "aqplan/base/paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/messages.h"

namespace aqplan {

namespace {

namespace fs = std::filesystem;

// The installed data directory relative to the executable's directory
// (GNUInstallDirs: bin/ → share/aqplan/data), or "" when /proc/self/exe
// cannot be read (no /proc) or the directory is not there (a build tree).
std::string installed_data_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  const fs::path dir = (exe.parent_path() / AQPLAN_DATA_DIR_FROM_BINDIR).lexically_normal();
  if (!fs::is_directory(dir, ec)) return {};
  return dir.string();
}

}  // namespace

std::string default_data_dir() {
  if (const char* env = std::getenv("AQPLAN_DATA_DIR"); env && *env) return env;
  static const std::string resolved = [] {
    std::string installed = installed_data_dir();
    return installed.empty() ? std::string(AQPLAN_BUILD_DATA_DIR) : installed;
  }();
  return resolved;
}

Text data_dir_rule_text() { return Text(msg::data_dir_rule, AQPLAN_DATA_DIR_FROM_BINDIR); }

const char* version() { return AQPLAN_VERSION; }

}  // namespace aqplan
