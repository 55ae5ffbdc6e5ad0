// Whole-file reads for small text inputs (evaluation sets, batch query files).
#pragma once

#include <string>

#include "core/status.hpp"

namespace embx::cli {

// Refuses files over `max_bytes` (these inputs are small; a huge one is a mistake).
Expected<std::string> read_text_file(const std::string& path, size_t max_bytes = size_t(256) << 20);

}  // namespace embx::cli
