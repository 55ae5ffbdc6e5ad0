// A small ImGui file chooser for the desktop app ("Open a table file..."): browse folders,
// pick a file or type a path. Desktop only: the browser has its own picker.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace embx::desktop {

class FileDialog {
public:
    void open(const std::string& start_dir);
    // Draws the dialog while open; returns the chosen file once.
    std::optional<std::string> draw();
    bool is_open() const { return open_; }

private:
    struct Entry {
        std::string name;
        bool dir = false;
        uint64_t bytes = 0;
    };
    void list(const std::string& dir);

    bool open_ = false, just_opened_ = false;
    std::string dir_, error_;
    std::vector<Entry> entries_;
    char path_[1024] = {};
    int selected_ = -1;
};

}  // namespace embx::desktop
