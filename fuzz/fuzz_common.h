// fuzz/fuzz_common.h — what the harnesses of fuzz/ share: which exceptions are
// expected outcomes (anything else is a finding and aborts), the bundled data
// of the source tree, splitting one fuzz input into several files, and a
// per-process directory of files for the entry points that read files.
#pragma once

#include <cxxabi.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/limits.h"
#include "aqplan/data/domain.h"

#ifndef AQPLAN_SOURCE_DIR
#error "AQPLAN_SOURCE_DIR must name the source tree (fuzz/CMakeLists.txt sets it)"
#endif

namespace aqplan_fuzz {

namespace fs = std::filesystem;

// The source tree and its bundled data (data/zezhou-2023, data/standards, ...).
inline std::string source_dir() { return AQPLAN_SOURCE_DIR; }
inline std::string data_dir() { return source_dir() + "/data"; }

// A finding: the message on stderr, then abort() — libFuzzer saves the input
// as a crash artifact and prints the stack.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "\n==aqplan-fuzz== FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// A problem of the harness itself (it cannot write its files): not a finding
// about aqplan, but the run cannot go on.
[[noreturn]] inline void harness_error(const std::string& what) {
  std::fprintf(stderr, "\n==aqplan-fuzz== HARNESS ERROR (not a finding): %s\n", what.c_str());
  std::fflush(stderr);
  std::_Exit(3);
}

// The data every harness reads besides its input: aqplan's limits and
// plausible ranges (data/limits.toml, data/domain.toml). When they cannot be
// read, every input ends in the same InputError and a run fuzzes nothing
// while reporting nothing found: stop at start-up instead.
inline bool check_fixture() {
  try {
    (void)aqplan::limits();
    (void)aqplan::domain();
  } catch (const std::exception& e) {
    harness_error(std::string("the data every harness reads is broken: ") + e.what());
  }
  return true;
}
inline const bool kFixtureChecked = check_fixture();

inline std::string type_name(const std::type_info& t) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> d(abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && d ? d.get() : t.name();
}

// The exceptions an entry point may throw for bad input besides InputError
// (which is always expected): only those its header documents.
enum class Allow { input_error_only, invalid_argument_too };

// AQPLAN_FUZZ_VERBOSE=1: say on stderr what each input gave (accepted, or
// the expected error), to see how far a corpus file gets.
inline bool verbose() {
  static const bool v = [] {
    const char* e = std::getenv("AQPLAN_FUZZ_VERBOSE");
    return e && *e && std::string_view(e) != "0";
  }();
  return v;
}

// Runs `f`; InputError (and std::invalid_argument where allowed) are the
// expected answers to bad input. Any other exception is a finding, and so is
// an InputError that carries no error (it would make the CLI fail silently).
template <class F>
int expect_input_errors(F&& f, Allow allow = Allow::input_error_only) {
  try {
    f();
    if (verbose()) std::fprintf(stderr, "aqplan-fuzz: accepted\n");
  } catch (const aqplan::InputError& e) {
    if (!e.diagnostics().has_errors()) finding(std::string("InputError without an error diagnostic: ") + e.what());
    if (verbose()) std::fprintf(stderr, "aqplan-fuzz: InputError (expected):\n%s", e.what());
  } catch (const std::invalid_argument& e) {
    if (allow != Allow::invalid_argument_too) finding(type_name(typeid(e)) + " (not documented here): " + e.what());
    if (verbose()) std::fprintf(stderr, "aqplan-fuzz: %s (expected): %s\n", type_name(typeid(e)).c_str(), e.what());
  } catch (const std::exception& e) {
    finding("unexpected exception " + type_name(typeid(e)) + ": " + e.what());
  } catch (...) {
    finding("unexpected exception of a type not derived from std::exception");
  }
  return 0;
}

inline std::string as_string(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

// Every occurrence of `token` in `s` replaced by `by`.
inline std::string replace_all(std::string s, std::string_view token, std::string_view by) {
  for (std::size_t p = 0; (p = s.find(token, p)) != std::string::npos; p += by.size()) s.replace(p, token.size(), by);
  return s;
}

// The line that separates the files of one fuzz input.
inline constexpr std::string_view kSeparator = "\n#---\n";

// `s` cut at the first `max_pieces - 1` separators (the last piece keeps any
// further separator as its content).
inline std::vector<std::string> split_files(std::string_view s, std::size_t max_pieces) {
  std::vector<std::string> out;
  while (out.size() + 1 < max_pieces) {
    const std::size_t p = s.find(kSeparator);
    if (p == std::string_view::npos) break;
    out.emplace_back(s.substr(0, p));
    s.remove_prefix(p + kSeparator.size());
  }
  out.emplace_back(s);
  return out;
}

// Files of this process, for the entry points that take a path. The
// directory is /dev/shm/aqplan-fuzz-<pid> (tmpfs: no disk writes at
// thousands of executions a second), else under $TMPDIR or /tmp. It is
// created empty and removed when the process exits normally; scripts/fuzz.sh
// removes it after a crash too.
//
// Why real files and not an in-memory file map: the loaders' own filesystem
// checks — a regular file and not a FIFO or directory, the size limit,
// `extends` resolved against the file's directory, extends cycles through
// canonical paths, `dataset = "…"` naming a directory — stay in the code the
// fuzzer runs, exactly as the CLI meets them.
class FileMap {
 public:
  FileMap() {
    std::string base;
    std::error_code ec;
    if (const char* t = std::getenv("AQPLAN_FUZZ_TMPDIR"); t && *t) base = t;
    else if (fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) base = "/dev/shm";
    else if (const char* t2 = std::getenv("TMPDIR"); t2 && *t2) base = t2;
    else base = "/tmp";
    dir_ = (fs::path(base) / ("aqplan-fuzz-" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_, ec);
    if (!fs::create_directories(dir_, ec) || ec) harness_error("cannot create " + dir_ + ": " + ec.message());
  }
  ~FileMap() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  FileMap(const FileMap&) = delete;
  FileMap& operator=(const FileMap&) = delete;

  const std::string& dir() const { return dir_; }
  std::string path(std::string_view name) const { return (fs::path(dir_) / name).string(); }

  // Writes (replaces) the file `name` under the directory; makes its parent.
  void write(std::string_view name, std::string_view content) const {
    const fs::path p = fs::path(dir_) / name;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) harness_error("cannot write " + p.string());
  }
  void remove(std::string_view name) const {
    std::error_code ec;
    fs::remove(fs::path(dir_) / name, ec);
  }

 private:
  std::string dir_;
};

// The whole file; a harness error when it cannot be read (the bundled data
// is part of the harness).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) harness_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace aqplan_fuzz
