// Table tab: what is loaded (name, shape, dtype, memory, provenance and licence) and its state.
#pragma once

#include <functional>

#include "app/table_session.hpp"

namespace embx::app {

// `open_file` (may be empty) asks the platform for a file picker.
void draw_table_panel(const TableSession& session, const std::function<void()>& open_file);

}  // namespace embx::app
