// What the web shell's other files reach in main_web.cpp: the running explorer.
#pragma once

#include <cstdint>
#include <string>

#include "app/explorer_app.hpp"

namespace embx::platform {

// The explorer the page shows (exists from main() on; Embind calls come after that).
app::ExplorerApp& web_app();
app::TableSession& web_session();
// Room left in the wasm heap for a new table (the current one stays until it is replaced).
uint64_t web_heap_room();
// Waits for scans on the worker threads to end (tables change only while none runs).
void web_settle_scans();

// Writes text to the system clipboard through explorer.js (navigator.clipboard, or a hidden
// text area and execCommand("copy") where that is missing). Emscripten 3.1.6's GLFW clipboard
// keeps text inside the page, so this is what Copy buttons and ImGui's Ctrl+C use.
void web_set_clipboard(const std::string& text);

// Shows explorer.js's picker for text files; they come back through ExplorerApp::text_file_arrived.
void web_open_text_files(const std::string& purpose);

}  // namespace embx::platform
