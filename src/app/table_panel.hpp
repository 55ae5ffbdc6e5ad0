// Table tab: what is loaded (name, shape, dtype, memory, provenance and licence) and its state.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "app/table_session.hpp"

namespace embx::app {

// What the Table tab lists (key, value; escaped for display), also for the text view.
std::vector<std::pair<std::string, std::string>> table_details(const TableSession& session);

// `open_file` (may be empty) asks the platform for a file picker.
// Built-in tables (file, label) are offered as buttons when `load_builtin` is set.
void draw_table_panel(const TableSession& session, const std::function<void()>& open_file,
                      const std::function<void()>& open_folder = {},
                      const std::vector<std::pair<std::string, std::string>>& builtin = {},
                      const std::function<void(const std::string&)>& load_builtin = {});

}  // namespace embx::app
