#include "app/vector_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/word_lookup.hpp"

namespace embx::app {

namespace {

void draw_values(const std::vector<float>& v, size_t count) {
    std::string s;
    char buf[24];
    for (size_t i = 0; i < std::min(count, v.size()); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.6f", i ? ", " : "", double(v[i]));
        s += buf;
    }
    if (v.size() > count) s += ", ...";
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopTextWrapPos();
}

}  // namespace

void VectorPanel::set_word(const std::string& w) {
    std::snprintf(a_.input, sizeof a_.input, "%s", w.c_str());
    a_.query = trim(a_.input);
    ++input_id_;
}

void VectorPanel::set_other(const std::string& w) {
    std::snprintf(b_.input, sizeof b_.input, "%s", w.c_str());
    b_.query = trim(b_.input);
    ++input_id_;
}

void VectorPanel::load(const TableSession& session, Slot& s) {
    s.values.clear();
    s.label.clear();
    s.error.clear();
    s.norm = 0;
    const auto& t = session.active();
    if (!t || s.query.empty()) return;
    auto m = resolve_word(*t, s.query);
    if (!m) {
        s.error = m.error();
        return;
    }
    s.values.resize(t->dims());
    t->row_as_float(m->row, s.values.data());
    double n = 0;
    for (float x : s.values) n += double(x) * x;
    s.norm = float(std::sqrt(n));
    s.label = escape_for_display(t->word(m->row)) + "  (id " + std::to_string(m->row) + ")";
}

void VectorPanel::fill_snapshot(const TableSession& session, VectorSnapshot& v) {
    refresh(session);
    for (auto [slot, out] : {std::pair{&a_, &v.a}, std::pair{&b_, &v.b}}) {
        out->query = slot->query;
        out->label = slot->label;
        out->error = escape_for_display(slot->error);
        out->values = slot->values;
        out->norm = slot->norm;
    }
    if (!a_.values.empty() && a_.values.size() == b_.values.size() && a_.norm > 0 && b_.norm > 0) {
        double dot = 0;
        for (size_t i = 0; i < a_.values.size(); ++i) dot += double(a_.values[i]) * b_.values[i];
        v.has_cosine = true;
        v.cosine = float(dot / (double(a_.norm) * b_.norm));
    }
}

void VectorPanel::refresh(const TableSession& session) {
    if (a_.query == cached_a_ && b_.query == cached_b_ && session.generation() == cached_generation_) return;
    cached_a_ = a_.query;
    cached_b_ = b_.query;
    cached_generation_ = session.generation();
    load(session, a_);
    load(session, b_);
}

void VectorPanel::draw(const TableSession& session, bool take_focus) {
    refresh(session);
    const float w = std::min(300.0f * theme_scale(), ImGui::GetContentRegionAvail().x * 0.4f);
    if (take_focus) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(w);
    ImGui::PushID(input_id_);
    if (ImGui::InputTextWithHint("##vec-a", "a word, e.g. king", a_.input, sizeof a_.input)) a_.query = trim(a_.input);
    const bool escape = escape_from_input();
    ImGui::PopID();
    if (escape) set_word("");
    ImGui::SameLine();
    ImGui::TextDisabled("compare with");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::PushID(input_id_);
    if (ImGui::InputTextWithHint("##vec-b", "optional, e.g. queen", b_.input, sizeof b_.input)) b_.query = trim(b_.input);
    const bool escape_b = escape_from_input();
    ImGui::PopID();
    if (escape_b) set_other("");

    float max_abs = 0;
    for (const auto* s : {&a_, &b_})
        for (float x : s->values) max_abs = std::max(max_abs, std::fabs(x));
    ImGui::BeginChild("vectors", ImVec2(0, 0), false);
    for (Slot* s : {&a_, &b_}) {
        if (!s->error.empty()) draw_error_text(s->error);
        if (s->values.empty()) continue;
        ImGui::Spacing();
        ImGui::Text("%s   %zu dimensions   norm %.4f", s->label.c_str(), s->values.size(), double(s->norm));
        draw_values(s->values, 8);
        const Slot* other = s == &a_ ? &b_ : &a_;
        heat_strip(s == &a_ ? "##strip-a" : "##strip-b", s->values, other->values.empty() ? nullptr : &other->values,
                   max_abs);
    }
    if (!a_.values.empty() && a_.values.size() == b_.values.size() && a_.norm > 0 && b_.norm > 0) {
        std::vector<float> product(a_.values.size());
        double dot = 0, pmax = 0;
        for (size_t i = 0; i < product.size(); ++i) {
            product[i] = a_.values[i] * b_.values[i];
            dot += product[i];
            pmax = std::max(pmax, double(std::fabs(product[i])));
        }
        ImGui::Spacing();
        ImGui::Text("per-dimension product (red pulls the words together, blue apart); cosine %.4f",
                    dot / (double(a_.norm) * b_.norm));
        heat_strip("##strip-product", product, nullptr, float(pmax));
    }
    if (a_.query.empty()) ImGui::TextDisabled("Type a word to see its vector.");
    ImGui::EndChild();
}

}  // namespace embx::app
