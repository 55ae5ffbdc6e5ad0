// A small ImGui file chooser for the desktop app ("Open a table file..."): browse folders,
// pick a file or type a path. Desktop only: the browser has its own picker. What it lists and
// where it goes is FileBrowser's job; this file only draws it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "platform/desktop/file_browser.hpp"

namespace embx::desktop {

class FileDialog {
public:
    // Folder: the dialog chooses a folder ("Use this folder", or any file in it), e.g. a model's.
    enum class Pick { File, Folder };
    FileDialog() : FileDialog("Open a table file", FileBrowser::table_extensions()) {}
    // A dialog called `title` that lists files ending in one of `extensions` (until "all files").
    FileDialog(std::string title, std::vector<std::string> extensions, Pick pick = Pick::File)
        : title_(std::move(title)), extensions_(std::move(extensions)), pick_(pick) {
        browser_.set_extensions(extensions_);
    }
    // Shows the dialog in `start_dir`, or where it was last time.
    void open(const std::string& start_dir);
    // Draws the dialog while open; returns the chosen file once.
    std::optional<std::string> draw();
    bool is_open() const { return open_; }

private:
    void went_somewhere();  // after a listing: reset the selection and the typed path

    std::string title_;
    std::vector<std::string> extensions_;
    Pick pick_ = Pick::File;
    FileBrowser browser_;
    bool open_ = false, just_opened_ = false, all_files_ = false;
    char path_[1024] = {};
    int selected_ = -1;
};

}  // namespace embx::desktop
