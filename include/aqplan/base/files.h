// aqplan/base/files.h — reading input files and writing results, with the
// guarantees of docs/guarantees.md: an input is a regular file within the
// size limit (base/limits.h), text is valid UTF-8; a write changes a file
// completely or not at all, never destroys what is not a regular file, and
// every failed write is reported.
//
// Reading. Text files are UTF-8: a leading byte-order mark is dropped and
// CRLF / CR line endings become LF, so a document saved on Windows reads
// exactly like the original (line numbers unchanged). Errors are InputError
// (bad input: exit 2): `file: cannot read: reason`, `file: is a FIFO, not a
// regular file`, `file: 20971520 bytes, over the limit of … (how to
// raise it)`, `file:line:col: invalid UTF-8 (byte 0xff)`.
//
// Writing, decided per target before anything is written:
//   "-"                          standard output
//   a regular file, or nothing   replaced atomically: a temporary file beside
//                                it is written, flushed and renamed over it
//   a symbolic link              the file it points to, replaced atomically
//                                (the link stays a link)
//   a character device           written through in place (/dev/null, a
//                                terminal); a device that refuses the bytes
//                                (/dev/full) is a failed write
//   a directory, FIFO, socket or block device   refused: InputError (exit 2)
// A failed write (the OS refuses: no space, no permission, a missing
// directory) throws RunError (a failed run: exit 1; base/diagnostic.h) with
// the OS's reason, and leaves no temporary file.
//
// Thread safety: the functions are reentrant; concurrent writes to one
// target race as the OS makes them.
#pragma once

#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "aqplan/base/message.h"

namespace aqplan {

// The whole file as UTF-8 text (see above).
std::string read_text_file(const std::string& path);
// The whole file's bytes as they are (binary), with the same checks but UTF-8.
std::string read_file_bytes(const std::string& path);
// The same into `bytes`, whose storage is reused: a caller reading many
// files allocates (and the OS maps and clears) a buffer once, not per file.
void read_file_bytes(const std::string& path, std::string& bytes);
// What read_text_file makes of a file's bytes (BOM dropped, LF line endings,
// UTF-8 checked); `path` names the file in errors. For bytes that arrive
// other than from a file (the fuzzing harnesses of fuzz/).
std::string text_from_bytes(std::string bytes, const std::string& path);

// Throws InputError, saying why, when `path` cannot be a write target: a
// directory, FIFO, socket or block device, or a path in a directory that
// does not exist. Called before a long run, so that bad usage is refused
// before the work.
void check_output_target(const std::string& path);

// Writes `content` to `path` (see above).
void write_file_atomic(const std::string& path, std::string_view content);

// Several files, all or none: every target is checked and every temporary
// file written before the first is renamed into place. (Only a rename
// itself failing between two others — which the checks make very unlikely
// — could leave some files new and some old.)
void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files);

// Every byte to standard output; RunError with the OS's reason when it
// cannot be written (a closed pipe, a full disk).
void write_stdout(std::string_view content);

// The OS's reason for an errno value or an error code, as a catalogue
// message: in English exactly what strerror / message() says, in Chinese a
// translation for the common reasons (no such file, no permission, no
// space…); the system's own words for the others.
Text system_error_text(int errnum);
Text system_error_text(const std::error_code& ec);

}  // namespace aqplan
