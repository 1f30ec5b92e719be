// Internal: the message catalogue of diagnostics and of the command line,
// one constant per entry (aqplan/base/message.h): `Text(msg::unknown_key,
// path, key, did_you_mean_text(...))`. The entries live in
// src/base/messages/*.def, one file per stage, as
//   AQPLAN_MSG(id, "English template", "中文模板")
// tests/catalogue_test.cpp fails on an entry without Chinese, with English
// words left in its Chinese, or whose two templates take different
// arguments.
#pragma once

#include <span>

#include "aqplan/base/message.h"

namespace aqplan::msg {

#define AQPLAN_MSG(id, en, zh) inline constexpr MessageDef id{#id, en, zh};
#include "base/messages/base.def"
#include "base/messages/reader.def"
#include "base/messages/data.def"
#include "base/messages/scenario.def"
#include "base/messages/import.def"
#include "base/messages/observations.def"
#include "base/messages/engine.def"
#include "base/messages/cli.def"
#include "base/messages/report.def"
#include "base/messages/report_charts.def"
#include "base/messages/report_xlsx.def"
#undef AQPLAN_MSG

// Every entry, in file order.
std::span<const MessageDef* const> all();

}  // namespace aqplan::msg
