// aqplan/views/validate_view.h — what `aqplan validate` says of an input
// that passed its checks: "ok: FILE (scenario "NAME")" or "ok: DIR
// (dataset DIR)", in English or Chinese. (Problems are diagnostics:
// `file:line:col: message`, in English.)
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "aqplan/model/check.h"
#include "aqplan/views/view.h"

namespace aqplan {

std::string format_validated(const std::string& file, const InputCheck& check, Language lang = Language::en);

}  // namespace aqplan
