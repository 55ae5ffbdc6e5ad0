// Plain-data pieces the panels, the snapshot and the exports share (no ImGui here, so unit
// tests link them): a result row, thousands separators, trimming.
#pragma once

#include <cstdint>
#include <string>

namespace embx::app {

struct NamedHit {
    std::string word;  // escaped for display (see core/display_text.hpp)
    float score = 0;
    std::string raw;   // the table's bytes, for the JavaScript API (empty where not needed)
};

std::string with_thousands(uint64_t v);
std::string trim(const std::string& s);

}  // namespace embx::app
