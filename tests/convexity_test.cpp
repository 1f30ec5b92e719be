// Why the Monte Carlo median of annual O3 and CO sits above the
// deterministic value: their annual statistics are upper percentiles of the
// year's days, which year-to-year weather raises more than it lowers. The
// numbers docs/montecarlo.md gives are checked here against the code: with
// weather as the only uncertainty (no measures, no growth, no regional
// trend), the median is above the deterministic value for O3 and CO, by
// what the docs say; a monthly mean (PM2.5) stays put; and without weather
// the median is the deterministic value exactly.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace aqplan {
namespace {

std::map<std::string, double> annual_p50(const std::vector<std::string>& args) {
  const auto r = test::run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, double> out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& row : j["annual"]) out[row["metric"].get<std::string>()] = row["p50"].get<double>();
  return out;
}

TEST(Convexity, WeatherAloneLiftsTheMedianOfUpperPercentilesAsTheDocsSay) {
  test::TempDir dir;
  std::string growth;
  for (const char* s : {"power", "steel", "coal_chemical", "building_materials", "industrial_boilers", "industrial_kilns",
                        "residential_coal", "heavy_vehicles", "light_vehicles", "nonroad", "construction_dust", "road_dust",
                        "solvents", "agriculture"})
    growth += std::string(s) + " = 0\n";
  const std::string body = "extends = \"" + test::source_dir() + "/scenarios/no-action-2023.toml\"\n[scenario]\nname = \"W\"\n" +
                           "[growth]\n" + growth + "[regional]\ntrend = { so2 = 0, no2 = 0, pm10 = 0, co = 0, o3 = 0, pm25 = 0 }\n";
  test::write_file(dir.file("w.toml"), body);
  test::write_file(dir.file("w0.toml"), body + "[meteorology]\nscale = 0\n");
  const auto det = annual_p50({"run", dir.file("w.toml"), "--deterministic", "--format", "json"});
  const auto mc = annual_p50({"run", dir.file("w.toml"), "--samples", "20000", "--seed", "20230301", "--format", "json"});
  const auto calm = annual_p50({"run", dir.file("w0.toml"), "--samples", "500", "--format", "json"});
  // docs/montecarlo.md: O3 178.35 against 172.0, CO 2.075 against 2.0 (100 000 samples; the
  // base year's weather drawn too, docs/model.md §5). 20 000 samples give 178.35 and 2.085.
  EXPECT_NEAR(det.at("o3"), 172.0, 1e-6);  // the base year, calibrated (docs/model.md §4)
  EXPECT_NEAR(mc.at("o3"), 178.35, 0.5);
  EXPECT_NEAR(det.at("co"), 2.0, 1e-6);
  EXPECT_NEAR(mc.at("co"), 2.075, 0.015);
  // A day-weighted mean of the months is linear in them: no lift (the
  // weather factors have mean 1).
  EXPECT_NEAR(mc.at("pm25"), det.at("pm25"), 0.3);
  // Without weather, every sample is the deterministic run.
  for (const auto& [metric, value] : det) EXPECT_NEAR(calm.at(metric), value, 0.026) << metric;  // the median's bin
}

}  // namespace
}  // namespace aqplan
