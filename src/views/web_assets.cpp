#include "views/web_assets.h"

// Each file is put into the object file by the assembler (.incbin), between
// two symbols; the build passes the absolute paths (src/CMakeLists.txt) and
// rebuilds this file when one of them changes.
#define AQPLAN_EMBED(symbol, path)                                                                   \
  __asm__(".pushsection .rodata\n"                                                                   \
          ".balign 16\n"                                                                             \
          ".globl aqplan_web_" #symbol "\n"                                                          \
          ".hidden aqplan_web_" #symbol "\n"                                                         \
          "aqplan_web_" #symbol ":\n"                                                                \
          ".incbin \"" path "\"\n"                                                                   \
          ".globl aqplan_web_" #symbol "_end\n"                                                      \
          ".hidden aqplan_web_" #symbol "_end\n"                                                     \
          "aqplan_web_" #symbol "_end:\n"                                                            \
          ".byte 0\n"                                                                                \
          ".popsection\n");                                                                          \
  extern "C" const char aqplan_web_##symbol[];                                                       \
  extern "C" const char aqplan_web_##symbol##_end[];                                                 \
  std::string_view aqplan::web::symbol() {                                                           \
    return {aqplan_web_##symbol, static_cast<std::size_t>(aqplan_web_##symbol##_end - aqplan_web_##symbol)}; \
  }

AQPLAN_EMBED(echarts_js, AQPLAN_ECHARTS_DIR "/dist/echarts.min.js")
AQPLAN_EMBED(echarts_notice, AQPLAN_ECHARTS_DIR "/NOTICE")
AQPLAN_EMBED(report_head_js, AQPLAN_WEB_DIR "/report-head.js")
AQPLAN_EMBED(report_js, AQPLAN_WEB_DIR "/report.js")
AQPLAN_EMBED(report_css, AQPLAN_WEB_DIR "/report.css")

std::string_view aqplan::web::echarts_version() { return AQPLAN_ECHARTS_VERSION; }
