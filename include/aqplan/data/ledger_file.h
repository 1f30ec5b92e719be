// aqplan/data/ledger_file.h — the ledger of a dataset and the list of known
// lead units, read from the TOML files `aqplan import-ledger` writes
// (ledger_to_toml, import/ledger.h) and data/lead-units.toml.
//
// Every problem of a file is reported in one InputError, each as
// `file:line:col: key.path: message`. Thread safety: reentrant.
#pragma once

#include <string>

#include "aqplan/import/ledger.h"

namespace aqplan {

// A ledger.toml: `title`, `source`, [[category]] and [[measure]] tables.
// Each measure's `at` is where its table starts in the file.
Ledger read_ledger(const std::string& path);

// A lead-units file: `units = [...]` and `[aliases]` (variant = canonical).
LeadUnits read_lead_units(const std::string& path);

// The ledger of a planning document (import/ledger.h
// import_ledger_document), its lead units checked against a lead-units file.
Ledger import_ledger_file(const std::string& document, const std::string& lead_units_file);

}  // namespace aqplan
