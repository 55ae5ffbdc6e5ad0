#include "app/table_panel.hpp"

#include <cstdio>

#include <imgui.h>

#include "app/ui_widgets.hpp"
#include "core/byte_size.hpp"
#include "core/display_text.hpp"
#include "formats/table_tokenizer.hpp"

namespace embx::app {

namespace {
void row(const char* key, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", key);
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopTextWrapPos();
}
}  // namespace

std::vector<std::pair<std::string, std::string>> table_details(const TableSession& session) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto& t = session.active();
    if (!t) return out;
    out.emplace_back("name", escape_for_display(t->info().name));
    out.emplace_back("rows", with_thousands(t->rows()) +
                                 (t->complete() ? "" : " of " + with_thousands(t->info().expected_rows) + " (loading)"));
    out.emplace_back("dimensions", std::to_string(t->dims()));
    out.emplace_back("dtype", std::string(dtype_name(t->dtype())) + "  (" + std::to_string(t->row_bytes()) + " bytes per row)");
    out.emplace_back("memory", human_bytes(t->memory_bytes()));
    const LoadProgress p = session.progress();
    out.emplace_back("state", p.active ? "loading " + escape_for_display(p.name) : t->complete() ? "complete" : "partial");
    for (const auto& [k, v] : t->info().metadata)
        if (k != "name") out.emplace_back(escape_for_display(k), metadata_value_for_display(k, v));  // name is above
    return out;
}

void draw_table_panel(const TableSession& session, const std::function<void()>& open_file,
                      const std::function<void()>& open_folder,
                      const std::vector<std::pair<std::string, std::string>>& builtin,
                      const std::function<void(const std::string&)>& load_builtin) {
    if (load_builtin && !builtin.empty()) {
        ImGui::TextUnformatted("Built-in tables:");
        for (const auto& [file, label] : builtin) {
            ImGui::SameLine();
            if (ImGui::Button(label.c_str())) load_builtin(file);
        }
    }
    if (open_file) {
        if (ImGui::Button("Open a table file...")) open_file();
        ImGui::SameLine();
    }
    if (open_folder) {
        if (ImGui::Button("Open a model folder...")) open_folder();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A Hugging Face model folder: its tokenizer and token embedding matrix\n"
                              "(only that tensor's bytes are read, shards included)");
        ImGui::SameLine();
    }
    if (open_file || open_folder)
        ImGui::TextDisabled("or drop one on the window: .embx, GloVe/word2vec/fastText, .npy, safetensors, GGUF, a model folder");
    if (!session.active()) {
        ImGui::TextDisabled("No table loaded yet.");
        return;
    }
    if (!ImGui::BeginTable("table-info", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& [k, v] : table_details(session)) row(k.c_str(), v);
    ImGui::EndTable();
}

}  // namespace embx::app
