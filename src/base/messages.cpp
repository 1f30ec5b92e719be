#include "base/messages.h"

#include <array>

namespace aqplan::msg {

namespace {
#define AQPLAN_MSG(id, en, zh) &id,
constexpr const MessageDef* kAll[] = {
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
};
#undef AQPLAN_MSG
}  // namespace

std::span<const MessageDef* const> all() { return kAll; }

}  // namespace aqplan::msg
