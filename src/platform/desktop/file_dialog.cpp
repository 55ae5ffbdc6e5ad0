#include "platform/desktop/file_dialog.hpp"

#include <cstdio>
#include <filesystem>

#include <imgui.h>

#include "core/byte_size.hpp"

namespace embx::desktop {

namespace fs = std::filesystem;

void FileDialog::open(const std::string& start_dir) {
    open_ = just_opened_ = true;
    browser_.go_to(browser_.dir().empty() ? start_dir : browser_.dir());
    went_somewhere();
}

void FileDialog::went_somewhere() {
    selected_ = -1;
    std::snprintf(path_, sizeof path_, "%s", (fs::path(browser_.dir()) / "").string().c_str());
}

std::optional<std::string> FileDialog::draw() {
    if (!open_) return std::nullopt;
    if (just_opened_) {
        ImGui::OpenPopup(title_.c_str());
        just_opened_ = false;
    }
    std::optional<std::string> chosen;
    const ImVec2 size = ImGui::GetMainViewport()->WorkSize;
    ImGui::SetNextWindowSize(ImVec2(size.x * 0.7f, size.y * 0.7f), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title_.c_str(), &open_)) return std::nullopt;
    ImGui::TextDisabled("%s", browser_.dir().c_str());
    if (ImGui::Button("Up") && browser_.up()) went_somewhere();
    ImGui::SameLine();
    if (ImGui::Checkbox("all files", &all_files_)) {
        browser_.set_extensions(all_files_ ? std::vector<std::string>{} : extensions_);
        if (browser_.refresh()) went_somewhere();
    }
    if (ImGui::IsItemHovered()) {
        std::string shown;
        for (const std::string& e : extensions_) shown += (shown.empty() ? "" : ", ") + e;
        ImGui::SetTooltip("otherwise only %s files", shown.c_str());
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##path", path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        chosen = browser_.activate_typed(path_);
        if (!chosen && browser_.error().empty()) went_somewhere();
    }
    if (!browser_.error().empty()) ImGui::TextColored(ImVec4(0.75f, 0.15f, 0.15f, 1), "%s", browser_.error().c_str());
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("entries", ImVec2(0, -footer), true);
    const auto& entries = browser_.entries();
    for (int i = 0; i < int(entries.size()); ++i) {
        const DirEntry& e = entries[size_t(i)];
        const std::string label = (e.dir ? "[dir] " : "") + e.name;
        if (ImGui::Selectable(label.c_str(), selected_ == i, ImGuiSelectableFlags_AllowDoubleClick)) {
            selected_ = i;
            std::snprintf(path_, sizeof path_, "%s", (fs::path(browser_.dir()) / e.name).string().c_str());
            if (ImGui::IsMouseDoubleClicked(0)) {
                const std::string name = e.name;  // activate() replaces the entries
                chosen = browser_.activate(name);
                if (!chosen) {
                    if (browser_.error().empty()) went_somewhere();
                    break;
                }
            }
        }
        if (!e.dir) {
            ImGui::SameLine(ImGui::GetContentRegionAvail().x - 80);
            ImGui::TextDisabled("%s", e.bytes ? human_bytes(*e.bytes).c_str() : "?");
        }
    }
    if (browser_.filtered_out() > 0)
        ImGui::TextDisabled("%zu other files (tick \"all files\" to see them)", browser_.filtered_out());
    ImGui::EndChild();
    const bool can_open = selected_ >= 0 && selected_ < int(entries.size());
    ImGui::BeginDisabled(!can_open);
    if (ImGui::Button("Open") && can_open) {
        const std::string name = entries[size_t(selected_)].name;
        chosen = browser_.activate(name);
        if (!chosen && browser_.error().empty()) went_somewhere();
    }
    ImGui::EndDisabled();
    if (pick_ == Pick::Folder) {
        ImGui::SameLine();
        if (ImGui::Button("Use this folder")) chosen = browser_.dir();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) open_ = false;
    // Choosing a folder, a file stands for the folder it is in (config.json of a model).
    if (chosen && pick_ == Pick::Folder && !fs::is_directory(*chosen)) chosen = fs::path(*chosen).parent_path().string();
    if (chosen) open_ = false;
    if (!open_) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return chosen;
}

}  // namespace embx::desktop
