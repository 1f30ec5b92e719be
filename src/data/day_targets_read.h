// Internal: reading [targets.days] (dataset.toml and scenarios) and
// [base.days] (dataset.toml) into data/day_targets.h's values, with every
// problem at its file:line:col.
#pragma once

#include <string_view>

#include <toml++/toml.h>

#include "aqplan/data/day_targets.h"
#include "data/toml_reader.h"

namespace aqplan::detail {

// A leap year: with it, heavy-day counts are bounded by the most days a
// year and each month can have (for a table whose year is not known).
inline constexpr int kAnyYear = 2024;

// The table at `path` (e.g. "targets.days"); months of `year` bound the
// heavy-day counts.
void read_day_targets(TomlReader& r, const toml::table& t, std::string_view path, int year, DayTargets& out);
void read_base_days(TomlReader& r, const toml::table& t, std::string_view path, BaseDays& out);

}  // namespace aqplan::detail
