#include "app/tokens_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/tokenizer/token_display.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "formats/tokenizer_json.hpp"

namespace embx::app {

namespace {

constexpr int kNeighbours = 10;
constexpr size_t kMaxTextBytes = 1 << 20;  // the tab shows a sentence, not a book

std::string describe_tokenizer(const Tokenizer& t) {
    return t.kind() + ", " + with_thousands(t.vocab_size()) + " ids";
}

}  // namespace

void TokensPanel::set_text(const std::string& text) {
    std::snprintf(input_, sizeof input_, "%s", text.c_str());
    text_ = input_;
    ++input_id_;
    selected_ = -1;
    neighbours_.clear();
}

void TokensPanel::set_special(bool on) {
    special_ = on;
    selected_ = -1;
    neighbours_.clear();
}

Expected<std::vector<TokenRowSnapshot>> TokensPanel::tokenize(const TableSession& session, const std::string& text,
                                                              bool special) {
    const auto& t = session.active();
    if (!t) return Error{"no table is loaded yet"};
    auto tok = session.tokenizer();
    if (!tok) return Error{tok.error()};
    if (!*tok)
        return Error{"the table '" + t->info().name +
                     "' has no tokenizer: open an LLM's embedding converted with `embx convert --tokenizer "
                     "tokenizer.json`, or a model folder with its tokenizer.json"};
    if (text.size() > kMaxTextBytes) return Error{"the text is longer than 1 MB; the Tokens tab shows sentences"};
    std::vector<TokenRowSnapshot> rows;
    const Tokenizer& tk = **tok;
    for (const Token& k : tk.encode(text, special)) {
        TokenRowSnapshot r;
        r.id = k.id;
        r.token = escape_for_display(k.text);
        r.visible = visible_token(tk, k.id);
        r.text = visible_bytes(std::string_view(text).substr(k.begin, k.end - k.begin));
        r.begin = k.begin;
        r.end = k.end;
        r.added = k.added;
        r.has_row = k.id < t->rows();
        if (r.has_row) {
            std::vector<float> v(t->dims());
            t->row_as_float(k.id, v.data());
            v.resize(std::min(v.size(), kHeadDims));
            r.head = std::move(v);
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

Status TokensPanel::set_compare_tokenizer(const std::string& name, const std::string& json) {
    auto tok = read_tokenizer(name, reinterpret_cast<const uint8_t*>(json.data()), json.size());
    if (!tok) return Error{tok.error()};
    compare_ = std::make_shared<const Tokenizer>(std::move(*tok));
    compare_name_ = name;
    cached_generation_ = UINT64_MAX;  // split the text again
    return Status::success();
}

void TokensPanel::refresh(const TableSession& session, bool wait) {
    if (text_ == cached_text_ && special_ == cached_special_ && session.generation() == cached_generation_) return;
    // The table's tokenizer is parsed on a thread of its own: the UI shows that and asks again
    // next frame; the API (wait) waits for it.
    auto ready = wait ? session.tokenizer() : session.tokenizer_if_ready();
    if (!ready) {
        rows_.clear();
        error_.clear();
        tokenizer_ = "reading the table's tokenizer...";
        return;
    }
    cached_text_ = text_;
    cached_special_ = special_;
    cached_generation_ = session.generation();
    rows_.clear();
    error_.clear();
    tokenizer_.clear();
    compare_rows_.clear();
    if (compare_ && text_.size() <= kMaxTextBytes)
        for (const Token& k : compare_->encode(text_, special_)) compare_rows_.emplace_back(k.id, visible_token(*compare_, k.id));
    if (*ready && **ready) tokenizer_ = describe_tokenizer(***ready);
    if (text_.empty()) return;
    auto rows = tokenize(session, text_, special_);
    if (!rows) {
        error_ = rows.error();
        return;
    }
    rows_ = std::move(*rows);
    if (selected_ >= long(rows_.size())) selected_ = -1;
}

bool TokensPanel::select(const TableSession& session, long index, const TokensHooks& hooks) {
    refresh(session, true);
    neighbours_.clear();
    if (index < 0 || index >= long(rows_.size())) {
        selected_ = -1;
        return index == -1;
    }
    selected_ = index;
    const TokenRowSnapshot& r = rows_[size_t(index)];
    if (!r.has_row || !hooks.neighbors) return true;
    auto hits = hooks.neighbors("#" + std::to_string(r.id), kNeighbours);
    if (hits) neighbours_ = std::move(*hits);
    return true;
}

void TokensPanel::fill_snapshot(const TableSession& session, TokensSnapshot& out) {
    refresh(session, true);
    out.text = text_;
    out.tokenizer = tokenizer_;
    out.special = special_;
    out.rows = rows_;
    out.selected = selected_;
    out.neighbours.clear();
    for (const NamedHit& h : neighbours_) out.neighbours.emplace_back(h.word, h.score);
    out.error = error_;
    out.compare_name = compare_ ? compare_name_ : "";
    out.compare = compare_rows_;
}

void TokensPanel::draw(const TableSession& session, bool take_focus, const TokensHooks& hooks) {
    refresh(session, false);
    if (take_focus) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(std::min(560.0f * theme_scale(), ImGui::GetContentRegionAvail().x * 0.6f));
    ImGui::PushID(input_id_);
    if (ImGui::InputTextWithHint("##tokens-text", "a sentence, e.g. HTML coders are not considered programmers", input_,
                                 sizeof input_)) {
        text_ = input_;
        selected_ = -1;
        neighbours_.clear();
    }
    const bool escape = escape_from_input();
    ImGui::PopID();
    if (escape) set_text("");
    ImGui::SameLine();
    bool special = special_;
    if (ImGui::Checkbox("special tokens", &special)) set_special(special);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add the BOS / [CLS] ... [SEP] tokens the model itself sees");
    ImGui::SameLine();
    ImGui::BeginDisabled(rows_.empty() || !hooks.graph);
    if (ImGui::Button("Graph this sentence") && hooks.graph) hooks.graph(text_);
    ImGui::EndDisabled();
    if (hooks.open_tokenizer) {
        ImGui::SameLine();
        if (ImGui::Button("Compare with a tokenizer.json...")) hooks.open_tokenizer();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Or drop a tokenizer.json on this tab");
    }
    if (!tokenizer_.empty()) ImGui::TextDisabled("tokenizer: %s", tokenizer_.c_str());
    if (compare_) {
        std::string line;
        for (const auto& [id, v] : compare_rows_) line += (line.empty() ? "" : "  ") + v + " " + std::to_string(id);
        ImGui::TextDisabled("%s: %zu tokens", compare_name_.c_str(), compare_rows_.size());
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopTextWrapPos();
    }
    refresh(session, false);
    if (!error_.empty()) {
        draw_error_text(error_);
        if (!tokenizer_.empty() || hooks.token_table.first.empty() || !hooks.load_builtin) return;
        if (ImGui::Button(("Open " + hooks.token_table.second).c_str())) hooks.load_builtin(hooks.token_table.first);
        return;
    }
    if (rows_.empty()) {
        ImGui::TextDisabled("Type a sentence to see its tokens.");
        return;
    }
    const auto& t = session.active();
    float max_abs = 0;
    std::vector<float> values(t ? t->dims() : 0);
    for (const TokenRowSnapshot& r : rows_)
        for (float x : r.head) max_abs = std::max(max_abs, std::fabs(x));

    const float list_height = ImGui::GetContentRegionAvail().y * (selected_ >= 0 ? 0.62f : 1.0f);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("tokens", 6, flags, ImVec2(0, list_height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#");
        ImGui::TableSetupColumn("id");
        ImGui::TableSetupColumn("token");
        ImGui::TableSetupColumn("text");
        ImGui::TableSetupColumn("first numbers");
        ImGui::TableSetupColumn("all dimensions", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        long clicked = -2;
        for (size_t i = 0; i < rows_.size(); ++i) {
            const TokenRowSnapshot& r = rows_[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char label[48];
            std::snprintf(label, sizeof label, "%zu##tok%zu", i, i);
            if (ImGui::Selectable(label, selected_ == long(i), ImGuiSelectableFlags_SpanAllColumns))
                clicked = long(i);
            if (ImGui::IsItemFocused() && (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_Space))) clicked = long(i);
            ImGui::TableNextColumn();
            ImGui::Text("%u", r.id);
            ImGui::TableNextColumn();
            if (r.added) ImGui::TextColored(ImVec4(0.55f, 0.35f, 0.75f, 1), "%s", r.visible.c_str());
            else ImGui::TextUnformatted(r.visible.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("vocabulary string: %s", r.token.c_str());
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", r.text.c_str());
            ImGui::TableNextColumn();
            if (!r.has_row) {
                ImGui::TextDisabled("no row %u in this table", r.id);
                continue;
            }
            std::string head;
            char buf[24];
            for (size_t d = 0; d < r.head.size(); ++d) {
                std::snprintf(buf, sizeof buf, "%s%.4f", d ? ", " : "", double(r.head[d]));
                head += buf;
            }
            ImGui::TextUnformatted((head + (t && t->dims() > r.head.size() ? ", ..." : "")).c_str());
            ImGui::TableNextColumn();
            if (t && r.id < t->rows()) {
                t->row_as_float(r.id, values.data());
                float strip_max = 0;
                for (float x : values) strip_max = std::max(strip_max, std::fabs(x));
                ImGui::PushID(int(i));
                heat_row("##strip", values.data(), values.size(), std::max(60.0f, ImGui::GetContentRegionAvail().x),
                         strip_max);
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
        if (clicked >= -1) select(session, clicked == selected_ ? -1 : clicked, hooks);
    }
    if (selected_ >= 0 && size_t(selected_) < rows_.size()) {
        const TokenRowSnapshot& r = rows_[size_t(selected_)];
        ImGui::Text("Nearest tokens to %s (id %u) by cosine", r.visible.c_str(), r.id);
        if (!r.has_row) ImGui::TextDisabled("the table has no row for this id");
        draw_hits_table("token-neighbours", neighbours_, true);
    }
}

}  // namespace embx::app
