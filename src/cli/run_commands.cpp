// aqplan run / schedule: scenario files → projections and schedules.
#include <filesystem>
#include <memory>
#include <ostream>

#include "aqplan/report.h"
#include "aqplan/scenario.h"
#include "aqplan/text.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

namespace {

// A scenario file, or a dataset directory taken as "the plan as written".
ModelInputs inputs_for(const std::string& path) {
  if (fs::is_directory(path)) return load_dataset_inputs(path);
  return load_model_inputs(load_scenario(path));
}

}  // namespace

Handler setup_run(CLI::App& sub) {
  struct Opts {
    std::string scenario;
    bool deterministic = false;
    std::string format = "table";
    std::string out_dir;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("SCENARIO", o->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  sub.add_flag("--deterministic", o->deterministic, "One run with every uncertain input at its mode and base-year weather");
  sub.add_option("--format", o->format, "Output on stdout: table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  sub.add_option("--out", o->out_dir, "Directory to write results.json into (created if missing)");
  sub.footer("Example:\n  aqplan run scenarios/plan-2023.toml --deterministic\n  aqplan run scenarios/plan-2023.toml --deterministic --format json --out out/plan");
  return [o](Output& io) {
    if (!o->deterministic) {
      io.err << "aqplan run: Monte Carlo runs are not available yet; use --deterministic\n";
      return kExitFailed;
    }
    Model model = Model::build(load_model_inputs(load_scenario(o->scenario)));
    Workspace ws = model.make_workspace();
    Outcome outcome;
    model.evaluate(model.mode_draw(), ws, outcome);
    RunResult result = deterministic_result(model, outcome);
    const std::string json = to_json(result);
    if (!o->out_dir.empty()) {
      fs::create_directories(o->out_dir);
      write_file_atomic((fs::path(o->out_dir) / "results.json").string(), json);
    }
    io.out << (o->format == "json" ? json : format_table(result));
    return kExitOk;
  };
}

Handler setup_schedule(CLI::App& sub) {
  auto path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  sub.add_option("SCENARIO_OR_DATASET", *path, "Scenario file, or dataset directory")->required()->check(CLI::ExistingPath);
  sub.add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  sub.footer("Example:\n  aqplan schedule scenarios/plan-2023.toml\n  aqplan schedule data/zezhou-2023 --format json");
  return [path, format](Output& io) {
    Model model = Model::build(inputs_for(*path));
    auto rows = schedule_rows(model);
    io.out << (*format == "json" ? schedule_to_json(rows, model.target_year()) : format_schedule_table(rows, model.target_year()));
    return kExitOk;
  };
}

}  // namespace aqplan::cli
