#include "aqplan/base/files.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/limits.h"
#include "aqplan/base/text.h"
#include "base/messages.h"

namespace aqplan {

namespace fs = std::filesystem;

namespace {

Text kind_text(fs::file_type t) {
  switch (t) {
    case fs::file_type::directory: return Text(msg::file_kind_directory);
    case fs::file_type::fifo: return Text(msg::file_kind_fifo);
    case fs::file_type::socket: return Text(msg::file_kind_socket);
    case fs::file_type::block: return Text(msg::file_kind_block_device);
    case fs::file_type::character: return Text(msg::file_kind_character_device);
    case fs::file_type::symlink: return Text(msg::file_kind_symlink);
    default: return Text(msg::file_kind_other);
  }
}

// The offset of the first byte that does not start a valid UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF included).
std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
    if (b >= 0xC2 && b <= 0xDF) len = 2;
    else if (b == 0xE0) len = 3, lo = 0xA0;
    else if (b == 0xED) len = 3, hi = 0x9F;
    else if (b >= 0xE1 && b <= 0xEF) len = 3;
    else if (b == 0xF0) len = 4, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) len = 4;
    else if (b == 0xF4) len = 4, hi = 0x8F;
    else return i;
    if (i + static_cast<std::size_t>(len) > s.size()) return i;
    for (int k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if (c < (k == 1 ? lo : 0x80u) || c > (k == 1 ? hi : 0xBFu)) return i;
    }
    i += static_cast<std::size_t>(len);
  }
  return std::nullopt;
}

// InputError unless `path` is a regular file within the size limit; its size.
std::uintmax_t check_input_file(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st))
    throw InputError(path, 0, 0, Text(msg::file_cannot_read, ec ? system_error_text(ec) : system_error_text(ENOENT)));
  if (!fs::is_regular_file(st)) throw InputError(path, 0, 0, Text(msg::file_not_regular, kind_text(st.type())));
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw InputError(path, 0, 0, Text(msg::file_cannot_read, system_error_text(ec)));
  const std::uint64_t limit = limits().max_file_bytes;
  if (size > limit)
    throw InputError(path, 0, 0, Text(msg::file_over_size_limit, size, limit, raise_hint("max_file_bytes")));
  return size;
}

// How a write reaches its target.
struct Target {
  enum class Kind { standard_output, replace, through };
  Kind kind = Kind::replace;
  std::string given;  // as the caller named it, for messages
  fs::path path;      // what is written: the target, or what a link points to
};

Target resolve(const std::string& given) {
  if (given == "-") return {Target::Kind::standard_output, given, {}};
  std::error_code ec;
  fs::path path(given);
  if (fs::is_symlink(fs::symlink_status(path, ec))) path = fs::weakly_canonical(path, ec);
  const fs::file_status st = fs::status(path, ec);
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    if (fs::is_character_file(st)) return {Target::Kind::through, given, path};
    throw InputError(given, 0, 0, Text(msg::file_output_not_regular, kind_text(st.type())));
  }
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(dir, ec)) throw InputError(given, 0, 0, Text(msg::file_output_no_directory, dir.string()));
  return {Target::Kind::replace, given, path};
}

[[noreturn]] void write_failed(const std::string& given, Text reason) {
  throw RunError(Text(msg::file_cannot_write, given, std::move(reason)));
}

// Every byte to an open descriptor; false (errno set) when it cannot.
bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The content in a new temporary file beside the target (with the
// target's permissions when it exists); its path.
fs::path write_temporary(const Target& t, std::string_view content) {
  static std::atomic<unsigned> counter{0};
  const fs::path tmp = t.path.parent_path() / fmt::format(".{}.tmp-{}-{}", t.path.filename().string(), ::getpid(),
                                                          counter.fetch_add(1));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) write_failed(t.given, system_error_text(errno));
  bool ok = write_all(fd, content) && ::fsync(fd) == 0;
  const int saved = errno;
  ok = ::close(fd) == 0 && ok;
  std::error_code ec;
  if (ok && fs::exists(t.path, ec)) fs::permissions(tmp, fs::status(t.path, ec).permissions(), ec);
  if (!ok) {
    fs::remove(tmp, ec);
    write_failed(t.given, system_error_text(saved != 0 ? saved : errno));
  }
  return tmp;
}

void write_through(const Target& t, std::string_view content) {
  const int fd = ::open(t.path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) write_failed(t.given, system_error_text(errno));
  const bool ok = write_all(fd, content);
  const int saved = errno;
  if (::close(fd) != 0 || !ok) write_failed(t.given, system_error_text(ok ? errno : saved));
}

}  // namespace

Text system_error_text(int errnum) {
  const MessageDef* def = nullptr;
  switch (errnum) {
    case ENOENT: def = &msg::os_no_such_file; break;
    case EACCES: def = &msg::os_permission_denied; break;
    case EPERM: def = &msg::os_not_permitted; break;
    case ENOSPC: def = &msg::os_no_space; break;
    case EDQUOT: def = &msg::os_quota_exceeded; break;
    case EROFS: def = &msg::os_read_only; break;
    case EISDIR: def = &msg::os_is_directory; break;
    case ENOTDIR: def = &msg::os_not_directory; break;
    case EIO: def = &msg::os_io_error; break;
    case ENAMETOOLONG: def = &msg::os_name_too_long; break;
    case ELOOP: def = &msg::os_symlink_loop; break;
    case EFBIG: def = &msg::os_file_too_large; break;
    case EMFILE: def = &msg::os_too_many_open_files; break;
    case EBUSY: def = &msg::os_busy; break;
    case EXDEV: def = &msg::os_cross_device; break;
    default: break;
  }
  const char* said = std::strerror(errnum);
  // The entry's English is the C library's text; another library's wording
  // is shown as it gives it.
  if (def && std::strcmp(def->en, said) == 0) return Text(*def);
  return Text(msg::os_error_as_given, said);
}

Text system_error_text(const std::error_code& ec) {
  if (ec.category() == std::generic_category() || ec.category() == std::system_category()) {
    Text t = system_error_text(ec.value());
    if (t.str() == ec.message()) return t;
  }
  return Text(msg::os_error_as_given, ec.message());
}

std::string read_file_bytes(const std::string& path) {
  std::string bytes;
  read_file_bytes(path, bytes);
  return bytes;
}

void read_file_bytes(const std::string& path, std::string& bytes) {
  const std::uintmax_t size = check_input_file(path);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, 0, 0, Text(msg::file_cannot_read, system_error_text(errno)));
  bytes.resize(static_cast<std::size_t>(size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // an error, or the file became shorter
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (done != bytes.size()) throw InputError(path, 0, 0, Text(msg::file_cannot_read, Text(msg::file_read_io_error)));
}

std::string read_text_file(const std::string& path) { return text_from_bytes(read_file_bytes(path), path); }

std::string text_from_bytes(std::string bytes, const std::string& path) {
  std::string text = normalise_text(std::move(bytes));
  if (const auto bad = first_invalid_utf8(text)) {
    const std::string_view before(text.data(), *bad);
    const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const int column = 1 + utf8_length(before.substr(line_start));
    throw InputError(path, line, column,
                     Text(msg::file_invalid_utf8, fmt::format("{:02x}", static_cast<unsigned char>(text[*bad]))));
  }
  return text;
}

void check_output_target(const std::string& path) { (void)resolve(path); }

void write_file_atomic(const std::string& path, std::string_view content) {
  write_files_atomic({{path, std::string(content)}});
}

void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<Target> targets;
  for (const auto& [path, content] : files) targets.push_back(resolve(path));
  std::vector<fs::path> temporaries(files.size());
  try {
    for (std::size_t i = 0; i < files.size(); ++i)
      if (targets[i].kind == Target::Kind::replace) temporaries[i] = write_temporary(targets[i], files[i].second);
  } catch (...) {
    std::error_code ec;
    for (const fs::path& t : temporaries)
      if (!t.empty()) fs::remove(t, ec);
    throw;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (targets[i].kind != Target::Kind::replace) continue;
    std::error_code ec;
    fs::rename(temporaries[i], targets[i].path, ec);
    if (ec) {
      const Text reason = system_error_text(ec);
      for (std::size_t j = i; j < files.size(); ++j)
        if (!temporaries[j].empty()) fs::remove(temporaries[j], ec);
      write_failed(targets[i].given, reason);
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (targets[i].kind == Target::Kind::through) write_through(targets[i], files[i].second);
    if (targets[i].kind == Target::Kind::standard_output) write_stdout(files[i].second);
  }
}

void write_stdout(std::string_view content) {
  if (!write_all(STDOUT_FILENO, content))
    throw RunError(Text(msg::stdout_cannot_write, system_error_text(errno)));
}

}  // namespace aqplan
