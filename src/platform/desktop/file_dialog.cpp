#include "platform/desktop/file_dialog.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include <imgui.h>

namespace embx::desktop {

namespace fs = std::filesystem;

namespace {

std::string human_bytes(uint64_t b) {
    char buf[32];
    if (b >= (uint64_t(1) << 30)) std::snprintf(buf, sizeof buf, "%.1f GB", double(b) / double(1 << 30));
    else if (b >= (uint64_t(1) << 20)) std::snprintf(buf, sizeof buf, "%.1f MB", double(b) / double(1 << 20));
    else if (b >= 1024) std::snprintf(buf, sizeof buf, "%.1f kB", double(b) / 1024.0);
    else std::snprintf(buf, sizeof buf, "%u B", unsigned(b));
    return buf;
}

}  // namespace

void FileDialog::open(const std::string& start_dir) {
    open_ = just_opened_ = true;
    list(dir_.empty() ? start_dir : dir_);
}

void FileDialog::list(const std::string& dir) {
    std::error_code ec;
    const fs::path p = fs::absolute(dir, ec).lexically_normal();
    std::vector<Entry> entries;
    fs::directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        error_ = "cannot list " + p.string() + ": " + ec.message();
        return;  // stay where we were
    }
    for (const auto& e : it) {
        Entry x;
        x.name = e.path().filename().string();
        if (x.name.empty() || x.name[0] == '.') continue;
        std::error_code ec2;
        x.dir = e.is_directory(ec2);
        if (!x.dir) x.bytes = e.file_size(ec2);
        entries.push_back(std::move(x));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.dir != b.dir ? a.dir : a.name < b.name;
    });
    dir_ = p.string();
    entries_ = std::move(entries);
    error_.clear();
    selected_ = -1;
    std::snprintf(path_, sizeof path_, "%s", (p / "").string().c_str());
}

std::optional<std::string> FileDialog::draw() {
    if (!open_) return std::nullopt;
    if (just_opened_) {
        ImGui::OpenPopup("Open a table file");
        just_opened_ = false;
    }
    std::optional<std::string> chosen;
    const ImVec2 size = ImGui::GetMainViewport()->WorkSize;
    ImGui::SetNextWindowSize(ImVec2(size.x * 0.7f, size.y * 0.7f), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Open a table file", &open_)) return std::nullopt;
    ImGui::TextDisabled("%s", dir_.c_str());
    if (ImGui::Button("Up")) list((fs::path(dir_) / "..").string());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##path", path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        std::error_code ec;
        if (fs::is_directory(path_, ec)) list(path_);
        else chosen = std::string(path_);
    }
    if (!error_.empty()) ImGui::TextColored(ImVec4(0.75f, 0.15f, 0.15f, 1), "%s", error_.c_str());
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("entries", ImVec2(0, -footer), true);
    for (int i = 0; i < int(entries_.size()); ++i) {
        const Entry& e = entries_[size_t(i)];
        const std::string label = (e.dir ? "[dir] " : "") + e.name;
        if (ImGui::Selectable(label.c_str(), selected_ == i, ImGuiSelectableFlags_AllowDoubleClick)) {
            selected_ = i;
            std::snprintf(path_, sizeof path_, "%s", (fs::path(dir_) / e.name).string().c_str());
            if (ImGui::IsMouseDoubleClicked(0)) {
                if (e.dir) {
                    list((fs::path(dir_) / e.name).string());
                    break;
                }
                chosen = (fs::path(dir_) / e.name).string();
            }
        }
        if (!e.dir) {
            ImGui::SameLine(ImGui::GetContentRegionAvail().x - 80);
            ImGui::TextDisabled("%s", human_bytes(e.bytes).c_str());
        }
    }
    ImGui::EndChild();
    const bool can_open = selected_ >= 0 && selected_ < int(entries_.size());
    ImGui::BeginDisabled(!can_open);
    if (ImGui::Button("Open") && can_open) {
        const Entry& e = entries_[size_t(selected_)];
        if (e.dir) list((fs::path(dir_) / e.name).string());
        else chosen = (fs::path(dir_) / e.name).string();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) open_ = false;
    if (chosen) open_ = false;
    if (!open_) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return chosen;
}

}  // namespace embx::desktop
