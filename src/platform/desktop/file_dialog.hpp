// A small ImGui file chooser for the desktop app ("Open a table file..."): browse folders,
// pick a file or type a path. Desktop only: the browser has its own picker. What it lists and
// where it goes is FileBrowser's job; this file only draws it.
#pragma once

#include <optional>
#include <string>

#include "platform/desktop/file_browser.hpp"

namespace embx::desktop {

class FileDialog {
public:
    FileDialog() { browser_.set_extensions(FileBrowser::table_extensions()); }
    // Shows the dialog in `start_dir`, or where it was last time.
    void open(const std::string& start_dir);
    // Draws the dialog while open; returns the chosen file once.
    std::optional<std::string> draw();
    bool is_open() const { return open_; }

private:
    void went_somewhere();  // after a listing: reset the selection and the typed path

    FileBrowser browser_;
    bool open_ = false, just_opened_ = false, all_files_ = false;
    char path_[1024] = {};
    int selected_ = -1;
};

}  // namespace embx::desktop
