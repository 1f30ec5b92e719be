// aqplan/base/sha256.h — SHA-256 (FIPS 180-4) of bytes, as `sha256sum`
// prints it: the checksums of a report's input files, so that a planner can
// check that the files on disk are the ones the report was made from.
//
// Thread safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace aqplan {

// 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace aqplan
