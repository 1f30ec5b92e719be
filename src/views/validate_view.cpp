#include "aqplan/views/validate_view.h"

#include "views/words.h"

namespace aqplan {

std::string format_validated(const std::string& file, const InputCheck& check, Language lang) {
  const views::Words t{lang};
  return t(check.kind == InputCheck::Kind::dataset ? views::Msg::validated_dataset : views::Msg::validated_scenario, file,
           views::pick(lang, check.name, check.name_zh)) +
         "\n";
}

}  // namespace aqplan
