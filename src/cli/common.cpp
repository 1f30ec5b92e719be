#include <filesystem>

#include "aqplan/data/scenario.h"
#include "aqplan/base/text.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

ModelInputs inputs_for(const std::string& path) {
  if (fs::is_directory(path)) return load_dataset_inputs(path);
  return load_model_inputs(load_scenario(path));
}

Language language(const std::string& code) { return code == "zh" ? Language::zh : Language::en; }

void write_output_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  fs::create_directories(dir);
  for (const auto& [name, content] : files) write_file_atomic((fs::path(dir) / name).string(), content);
}

}  // namespace aqplan::cli
