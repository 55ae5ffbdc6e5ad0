#include "app/table_panel.hpp"

#include <cstdio>

#include <imgui.h>

#include "app/ui_widgets.hpp"
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

void draw_table_panel(const TableSession& session, const std::function<void()>& open_file) {
    if (open_file) {
        if (ImGui::Button("Open a table file...")) open_file();
        ImGui::SameLine();
        ImGui::TextDisabled("or drop one on the window: .embx, GloVe/word2vec/fastText, .npy, safetensors, GGUF...");
    }
    const auto& t = session.active();
    if (!t) {
        ImGui::TextDisabled("No table loaded yet.");
        return;
    }
    if (!ImGui::BeginTable("table-info", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, 150);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    row("name", escape_for_display(t->info().name));
    row("rows", with_thousands(t->rows()) +
                    (t->complete() ? "" : " of " + with_thousands(t->info().expected_rows) + " (loading)"));
    row("dimensions", std::to_string(t->dims()));
    row("dtype", std::string(dtype_name(t->dtype())) + "  (" + std::to_string(t->row_bytes()) + " bytes per row)");
    char mb[32];
    std::snprintf(mb, sizeof mb, "%.1f MB", double(t->memory_bytes()) / 1e6);
    row("memory", mb);
    const LoadProgress p = session.progress();
    row("state", p.active ? "loading " + escape_for_display(p.name) : t->complete() ? "complete" : "partial");
    for (const auto& [k, v] : t->info().metadata)
        if (k != "name") row(escape_for_display(k).c_str(), metadata_value_for_display(k, v));  // name is shown above
    ImGui::EndTable();
}

}  // namespace embx::app
