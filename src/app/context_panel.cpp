#include "app/context_panel.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/tokenizer/token_display.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "core/transformer/pooling.hpp"

namespace embx::app {

namespace {

// Attention is kept for sentences up to this many tokens (heads x n^2 floats per layer).
constexpr size_t kMaxAttentionTokens = 128;

const char* kDefaultSearch =
    "The boat was tied to the bank of the river.\n"
    "She deposited the cheque at the bank.\n"
    "Water rose over the edge of the stream.\n"
    "Thieves broke into the vault last night.\n"
    "The loan was approved by the lender.\n"
    "We had a picnic on the grassy shore.";

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string megabytes(uint64_t b) {
    return b < (1u << 20) ? std::to_string((b + 512) >> 10) + " KB" : std::to_string((b + (1u << 19)) >> 20) + " MB";
}

// The token the tab picks by itself: the one where the word "bank" starts (the article's
// example), else the middle one. spans: each token's input bytes (empty for BOS/CLS/SEP).
long auto_pick(const std::string& text, const std::vector<std::pair<uint32_t, uint32_t>>& spans) {
    const size_t at = lower(text).find("bank");
    if (at != std::string::npos)
        for (size_t i = 0; i < spans.size(); ++i)
            if (spans[i].first <= at && at < spans[i].second) return long(i);
    return spans.empty() ? -1 : long(spans.size() / 2);
}

}  // namespace

ContextPanel::ContextPanel() {
    set_sentence(0, kSentenceA);
    set_sentence(1, kSentenceB);
    set_search_sentences(kDefaultSearch);
}

// --- Models ----------------------------------------------------------------------------------

void ContextPanel::model_loading(const std::string& name, uint64_t bytes, uint64_t total) {
    loading_ = escape_for_display(name);
    load_bytes_ = bytes;
    load_total_ = total;
    load_error_.clear();
}

void ContextPanel::model_failed(const std::string& why) {
    loading_.clear();
    load_error_ = escape_for_display(why);
}

void ContextPanel::model_arrived(std::shared_ptr<const TransformerModel> model) {
    runner_.reset();  // it holds the old model; results of the old model are dropped below
    model_ = std::move(model);
    loading_.clear();
    load_error_.clear();
    run_error_.clear();
    norms_ = row_norms(model_->weights.word_embeddings);
    for (Side& s : side_) {
        s.states = HiddenStates{};
        s.picked = -1;
    }
    layer_ = -1;
    head_ = 0;
    search_results_.clear();
    views_key_.clear();
    dirty_ = true;
}

// --- Inputs ----------------------------------------------------------------------------------

void ContextPanel::set_sentence(int which, const std::string& text) {
    const size_t w = size_t(which & 1);
    std::snprintf(input_[w].data(), input_[w].size(), "%s", text.c_str());
    text_[w] = input_[w].data();
    side_[w].picked = -1;
    ++input_id_;
    dirty_ = true;
}

bool ContextPanel::pick(int which, long token) {
    Side& s = side_[size_t(which & 1)];
    if (token < 0 || size_t(token) >= s.ids.size()) return false;
    s.picked = token;
    return true;
}

void ContextPanel::request_pick(int which, long token) {
    Side& s = side_[size_t(which & 1)];
    if (!dirty_ && pick(which, token)) return;
    s.pending_pick = token;
}

void ContextPanel::set_search_sentences(const std::string& lines) {
    search_text_ = lines;
    search_lines_.clear();
    size_t start = 0;
    while (start < lines.size() && search_lines_.size() < kMaxSearchSentences) {
        size_t end = lines.find('\n', start);
        if (end == std::string::npos) end = lines.size();
        std::string line = trim(lines.substr(start, end - start));
        if (!line.empty()) search_lines_.push_back(line.substr(0, kMaxSentenceBytes));
        start = end + 1;
    }
}

void ContextPanel::run_search() { search_wanted_ = true; }

void ContextPanel::retokenize() {
    for (size_t w = 0; w < 2; ++w) {
        Side& s = side_[w];
        s.ids.clear();
        s.tokens.clear();
        s.spans.clear();
        s.note.clear();
        s.error.clear();
        if (!model_) continue;
        if (text_[w].empty()) {
            s.error = "sentence " + std::string(w ? "B" : "A") + " is empty";
            continue;
        }
        auto ids = model_text_ids(*model_, text_[w], &s.note);
        if (!ids) {
            s.error = escape_for_display(ids.error());
            continue;
        }
        s.ids = std::move(*ids);
        for (uint32_t id : s.ids)
            s.tokens.push_back(model_->tokenizer ? visible_token(*model_->tokenizer, id) : "#" + std::to_string(id));
        // Where each token comes from in the sentence: the body's offsets, after the specials
        // in front (model_text_ids' order; a truncated tail has none).
        s.spans.assign(s.ids.size(), {0, 0});
        const size_t before = model_->tokenizer->special_around().before.size();
        const std::vector<Token> body = model_->tokenizer->encode(text_[w], false);
        for (size_t i = 0; i < body.size() && before + i < s.ids.size(); ++i) s.spans[before + i] = {body[i].begin, body[i].end};
        if (s.pending_pick >= 0 && size_t(s.pending_pick) < s.ids.size()) s.picked = s.pending_pick;
        s.pending_pick = -1;
        if (s.picked < 0 || size_t(s.picked) >= s.ids.size()) s.picked = auto_pick(text_[w], s.spans);
    }
}

void ContextPanel::start_run(const ContextHooks& hooks) {
    dirty_ = false;
    search_wanted_ = false;
    runner_.reset();
    run_error_.clear();
    retokenize();
    if (!model_ || side_[0].ids.empty() || side_[1].ids.empty()) return;
    const bool attentions = std::max(side_[0].ids.size(), side_[1].ids.size()) <= kMaxAttentionTokens;
    runner_ = std::make_unique<ContextRunner>(model_, std::vector<std::vector<uint32_t>>{side_[0].ids, side_[1].ids},
                                              attentions, hooks.background, hooks.pool);
    runner_is_search_ = false;
}

void ContextPanel::tick(const ContextHooks& hooks, double budget_ms) {
    if (dirty_ && model_) start_run(hooks);
    if (search_wanted_ && model_ && (!runner_ || runner_->done()) && !side_[0].ids.empty()) {
        search_wanted_ = false;
        search_error_.clear();
        std::vector<std::vector<uint32_t>> inputs{side_[0].ids};
        for (const std::string& line : search_lines_) {
            auto ids = model_text_ids(*model_, line, nullptr);
            if (!ids) {
                search_error_ = escape_for_display(ids.error());
                return;
            }
            inputs.push_back(std::move(*ids));
        }
        if (inputs.size() < 2) {
            search_error_ = "paste a few sentences, one per line, to rank them";
            return;
        }
        runner_ = std::make_unique<ContextRunner>(model_, std::move(inputs), false, hooks.background, hooks.pool);
        runner_is_search_ = true;
    }
    if (runner_) {
        runner_->pump(budget_ms);
        if (runner_->done()) take_results();
    }
    compute_views();  // also when the tab is not drawn: the snapshot and the API read them
}

void ContextPanel::take_results() {
    run_error_ = escape_for_display(runner_->error());
    const double ms = runner_->elapsed_ms();
    std::vector<HiddenStates> out = runner_->take();
    const bool search = runner_is_search_;
    runner_.reset();
    if (!run_error_.empty()) return;
    last_run_ms_ = ms;
    if (!search) {
        if (out.size() == 2) {
            side_[0].states = std::move(out[0]);
            side_[1].states = std::move(out[1]);
        }
        views_key_.clear();
        return;
    }
    // Sentence embeddings: the model's pooling (mean without sentence-transformers' files).
    search_results_.clear();
    if (out.size() < 2) return;
    const std::vector<float> query = pool(out[0], model_->pooling, model_->normalize);
    for (size_t i = 1; i < out.size(); ++i) {
        const std::vector<float> e = pool(out[i], model_->pooling, model_->normalize);
        search_results_.emplace_back(escape_for_display(search_lines_[i - 1]), cosine(query.data(), e.data(), e.size()));
    }
    std::stable_sort(search_results_.begin(), search_results_.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
}

// --- Derived views ---------------------------------------------------------------------------

void ContextPanel::compute_views() {
    const HiddenStates& a = side_[0].states;
    const HiddenStates& b = side_[1].states;
    if (!model_ || a.tokens == 0 || b.tokens == 0) {
        cosines_.clear();
        drift_[0].clear();
        drift_[1].clear();
        heat_.clear();
        nearest_ = {};
        heat_tokens_ = 0;
        views_key_.clear();
        return;
    }
    const int last = int(a.layers.size()) - 1;
    const int layer = layer_ < 0 || layer_ > last ? last : layer_;
    const int heads = int(model_->config.heads);
    const int head = std::clamp(head_, 0, std::max(0, heads - 1));
    char key[160];
    std::snprintf(key, sizeof key, "%d/%d/%ld/%ld/%d/%d/%zu/%zu", layer, head, side_[0].picked, side_[1].picked, heat_of_,
                  heat_mode_, a.tokens, b.tokens);
    if (views_key_ == key) return;
    views_key_ = key;
    const size_t ta = size_t(std::max(0L, side_[0].picked)), tb = size_t(std::max(0L, side_[1].picked));
    cosines_ = layer_cosines(a, ta, b, tb);
    drift_[0] = layer_cosines(a, ta, a, ta);
    drift_[1] = layer_cosines(b, tb, b, tb);
    // Drift: each layer against the embedding output (layer 0).
    for (int w = 0; w < 2; ++w) {
        const HiddenStates& s = w ? b : a;
        const size_t t = w ? tb : ta, h = s.hidden;
        for (size_t l = 0; l < drift_[w].size(); ++l)
            drift_[w][l] = cosine(s.layers[l].data() + t * h, s.layers[0].data() + t * h, h);
    }
    const HiddenStates& hs = heat_of_ ? b : a;
    heat_tokens_ = hs.tokens;
    if (heat_mode_ == 1 && layer >= 1 && size_t(layer - 1) < hs.attentions.size()) {
        const size_t n = hs.tokens;
        const std::vector<float>& p = hs.attentions[size_t(layer - 1)];
        heat_.assign(p.begin() + std::ptrdiff_t(size_t(head) * n * n), p.begin() + std::ptrdiff_t(size_t(head + 1) * n * n));
    } else if (heat_mode_ == 1) {
        heat_.clear();  // no attention at layer 0 (the embeddings), or not kept
    } else {
        heat_ = token_cosines(hs, size_t(layer));
    }
    for (int w = 0; w < 2; ++w) {
        const HiddenStates& s = w ? b : a;
        const size_t t = w ? tb : ta;
        nearest_[size_t(w)] = nearest_rows(model_->weights.word_embeddings, norms_,
                                           s.layers[size_t(layer)].data() + t * s.hidden, kNearest);
    }
}

void ContextPanel::fill_snapshot(ContextSnapshot& out) const {
    out = ContextSnapshot{};
    out.loading = !loading_.empty();
    out.loading_name = loading_;
    out.load_bytes = load_bytes_;
    out.load_total = load_total_;
    out.load_error = load_error_;
    out.run_error = run_error_;
    if (model_) {
        const TransformerConfig& c = model_->config;
        out.has_model = true;
        out.model = escape_for_display(model_->name);
        out.architecture = architecture_name(c.arch);
        out.dtype = model_->int8 ? "int8" : "f32";
        out.layers = uint32_t(c.layers);
        out.hidden = uint32_t(c.hidden);
        out.heads = uint32_t(c.heads);
        out.vocab = uint32_t(c.vocab);
        out.pooling = std::string(pooling_name(model_->pooling)) + (model_->normalize ? ", normalised" : "");
        for (const std::string& n : model_->notes) out.notes.push_back(escape_for_display(n));
    }
    out.running = runner_ != nullptr;
    out.fraction = runner_ ? runner_->fraction() : 0;
    out.run_ms = last_run_ms_;
    for (int w = 0; w < 2; ++w) {
        const Side& s = side_[size_t(w)];
        ContextSentenceSnapshot& o = w ? out.b : out.a;
        o.text = escape_for_display(text_[size_t(w)]);
        o.note = s.note;
        o.error = s.error;
        o.picked = s.picked;
        for (size_t i = 0; i < s.ids.size(); ++i)
            o.tokens.push_back({s.ids[i], s.tokens[i], s.spans[i].first, s.spans[i].second});
        if (model_ && model_->tokenizer)
            for (const StaticNeighbour& n : nearest_[size_t(w)])
                o.nearest.emplace_back(visible_token(*model_->tokenizer, n.id), n.score);
        else
            for (const StaticNeighbour& n : nearest_[size_t(w)]) o.nearest.emplace_back("#" + std::to_string(n.id), n.score);
    }
    const int last = int(side_[0].states.layers.size()) - 1;
    out.layer = layer_ < 0 || layer_ > last ? std::max(0, last) : layer_;
    out.head = head_;
    out.heat_sentence = heat_of_;
    out.heat_mode = heat_mode_ ? "attention" : "cosine";
    out.cosines = cosines_;
    out.drift_a = drift_[0];
    out.drift_b = drift_[1];
    out.heat_tokens = uint32_t(heat_tokens_);
    out.heat = heat_;
    out.search = search_results_;
    out.search_error = search_error_;
}

std::string ContextPanel::describe() const {
    ContextSnapshot s;
    fill_snapshot(s);
    return describe_context(s);
}

// --- Drawing ---------------------------------------------------------------------------------

void ContextPanel::draw_model_header(const ContextHooks& hooks) {
    if (model_) {
        const TransformerConfig& c = model_->config;
        ImGui::Text("Model: %s", escape_for_display(model_->name).c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s, %zu layers, %zu dims, %zu heads, %s ids, %s weights (%s)", architecture_name(c.arch),
                            c.layers, c.hidden, c.heads, with_thousands(c.vocab).c_str(), model_->int8 ? "int8" : "f32",
                            megabytes(model_->weight_bytes()).c_str());
    } else {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(
            "Watch a word's vector change with its context, layer by layer. Open a Hugging Face model folder: "
            "config.json, model.safetensors (or the index and its shards) and tokenizer.json or vocab.txt; "
            "or a GGUF file (F32, F16, BF16 or Q8_0) or a packed .embxm dropped here. "
            "BERT-family encoders (e.g. all-MiniLM-L6-v2) and Qwen2 / Llama / Qwen3 decoders "
            "(e.g. DeepSeek-R1-Distill-Qwen-1.5B) run here, on this computer; nothing is uploaded.");
        ImGui::PopTextWrapPos();
    }
    if (hooks.open_model) {
        if (ImGui::Button(model_ ? "Open another model folder..." : "Open a model folder...")) hooks.open_model(int8_);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Or drop the folder, a .gguf or an .embxm on this tab");
        ImGui::SameLine();
        ImGui::Checkbox("int8 weights", &int8_);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A quarter of the memory, a little less exact (cosines >= 0.99 against f32)");
    }
    if (!loading_.empty()) {
        const float f = load_total_ ? float(double(load_bytes_) / double(load_total_)) : 0.0f;
        const std::string label = megabytes(load_bytes_) + " of " + megabytes(load_total_);
        ImGui::Text("Opening %s", loading_.c_str());
        ImGui::SameLine();
        ImGui::ProgressBar(f, ImVec2(std::min(320.0f * theme_scale(), ImGui::GetContentRegionAvail().x), 0), label.c_str());
    }
    if (!load_error_.empty()) draw_error_text(load_error_);
    if (model_)
        for (const std::string& n : model_->notes) ImGui::TextDisabled("note: %s", escape_for_display(n).c_str());
}

void ContextPanel::draw_sentence(int which, bool take_focus) {
    const size_t w = size_t(which);
    Side& s = side_[w];
    ImGui::PushID(which);
    ImGui::PushID(input_id_);
    if (take_focus) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(std::min(520.0f * theme_scale(), ImGui::GetContentRegionAvail().x * 0.9f));
    if (ImGui::InputText(which ? "sentence B" : "sentence A", input_[w].data(), input_[w].size())) {
        text_[w] = input_[w].data();
        s.picked = -1;
        dirty_ = true;
    }
    ImGui::PopID();
    if (!s.error.empty()) draw_error_text(s.error);
    if (!s.note.empty()) ImGui::TextDisabled("%s", s.note.c_str());
    // The tokens as chips: the picked one is the one the plot follows. Drawn by hand: a token
    // such as "##ed" would be cut by ImGui's "##" label syntax.
    const ImGuiStyle& st = ImGui::GetStyle();
    for (size_t i = 0; i < s.tokens.size(); ++i) {
        const ImVec2 ts = ImGui::CalcTextSize(s.tokens[i].c_str());
        const ImVec2 size(ts.x + 2 * st.FramePadding.x, ts.y + st.FramePadding.y);
        if (i) ImGui::SameLine(0, 4 * theme_scale());
        if (ImGui::GetContentRegionAvail().x < size.x) ImGui::NewLine();
        ImGui::PushID(int(i));
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        if (ImGui::InvisibleButton("chip", size)) s.picked = long(i);
        const bool on = long(i) == s.picked;
        const ImU32 bg = ImGui::GetColorU32(on ? ImGuiCol_ButtonActive : ImGui::IsItemHovered() ? ImGuiCol_ButtonHovered : ImGuiCol_Button);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), bg, st.FrameRounding);
        if (ImGui::IsItemFocused()) dl->AddRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), ImGui::GetColorU32(ImGuiCol_NavHighlight), st.FrameRounding, 0, 2);
        dl->AddText(ImVec2(p0.x + st.FramePadding.x, p0.y + st.FramePadding.y / 2),
                    ImGui::GetColorU32(ImGuiCol_Text), s.tokens[i].c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("token %zu, id %u", i, s.ids[i]);
        ImGui::PopID();
    }
    ImGui::PopID();
}

void ContextPanel::draw_plot() {
    const float sc = theme_scale();
    const size_t n = cosines_.size();
    if (n == 0) return;
    const Side& a = side_[0];
    const Side& b = side_[1];
    ImGui::Text("Cosine of %s (A) and %s (B), layer by layer", a.tokens[size_t(a.picked)].c_str(),
                b.tokens[size_t(b.picked)].c_str());
    const ImVec2 size(std::min(ImGui::GetContentRegionAvail().x, 640 * sc), 180 * sc);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##layer-plot", size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), theme_u32(ColorRole::CanvasBg), 4 * sc);
    dl->AddRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), theme_u32(ColorRole::CanvasBorder), 4 * sc);
    double lo = 0;
    for (const auto* v : {&cosines_, &drift_[0], &drift_[1]})
        for (double x : *v) lo = std::min(lo, x);
    const float left = p0.x + 36 * sc, right = p0.x + size.x - 10 * sc, top = p0.y + 10 * sc, bottom = p0.y + size.y - 22 * sc;
    const auto X = [&](size_t l) { return n > 1 ? left + (right - left) * float(l) / float(n - 1) : (left + right) / 2; };
    const auto Y = [&](double v) { return bottom - (bottom - top) * float((v - lo) / (1.0 - lo)); };
    const ImU32 label = theme_u32(ColorRole::Label), grid = theme_u32(ColorRole::CanvasBorder, 0.5f);
    for (double g : {lo, lo + (1 - lo) / 2, 1.0}) {
        dl->AddLine(ImVec2(left, Y(g)), ImVec2(right, Y(g)), grid);
        char t[32];
        std::snprintf(t, sizeof t, "%.2f", g);
        dl->AddText(ImVec2(p0.x + 4 * sc, Y(g) - 7 * sc), label, t);
    }
    const int selected = layer_ < 0 || size_t(layer_) >= n ? int(n) - 1 : layer_;
    dl->AddLine(ImVec2(X(size_t(selected)), top), ImVec2(X(size_t(selected)), bottom), theme_u32(ColorRole::Selection, 0.5f),
                2 * sc);
    for (size_t l = 0; l < n; l += std::max<size_t>(1, n / 12)) {
        dl->AddText(ImVec2(X(l) - 4 * sc, bottom + 4 * sc), label, std::to_string(l).c_str());
    }
    const auto line = [&](const std::vector<double>& v, ImU32 colour, float width) {
        for (size_t l = 1; l < v.size(); ++l) dl->AddLine(ImVec2(X(l - 1), Y(v[l - 1])), ImVec2(X(l), Y(v[l])), colour, width);
        for (size_t l = 0; l < v.size(); ++l) dl->AddCircleFilled(ImVec2(X(l), Y(v[l])), 2.5f * sc, colour);
    };
    line(drift_[0], theme_u32(ColorRole::HighlightInput, 0.55f), 1.5f * sc);
    line(drift_[1], theme_u32(ColorRole::HighlightResult, 0.55f), 1.5f * sc);
    line(cosines_, theme_u32(ColorRole::LabelStrong), 2.5f * sc);
    if (hovered) {
        const float mx = ImGui::GetIO().MousePos.x;
        size_t l = n > 1 ? size_t(std::clamp(std::lround((mx - left) / (right - left) * float(n - 1)), 0L, long(n) - 1)) : 0;
        ImGui::SetTooltip("layer %zu: A vs B %.4f\nA vs its layer 0: %.4f\nB vs its layer 0: %.4f", l, cosines_[l],
                          drift_[0][l], drift_[1][l]);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) layer_ = int(l);
    }
    ImGui::TextDisabled("thick: A vs B;  coloured: each token vs its own layer-0 vector.  Click a layer to inspect it.");
}

void ContextPanel::draw_heat() {
    const float sc = theme_scale();
    const int last = int(side_[0].states.layers.size()) - 1;
    int layer = layer_ < 0 || layer_ > last ? last : layer_;
    ImGui::SetNextItemWidth(220 * sc);
    if (ImGui::SliderInt("layer", &layer, 0, last)) layer_ = layer;
    ImGui::SameLine();
    ImGui::RadioButton("A", &heat_of_, 0);
    ImGui::SameLine();
    ImGui::RadioButton("B", &heat_of_, 1);
    ImGui::SameLine();
    ImGui::RadioButton("cosine between tokens", &heat_mode_, 0);
    ImGui::SameLine();
    ImGui::RadioButton("attention", &heat_mode_, 1);
    if (heat_mode_ == 1) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(140 * sc);
        ImGui::SliderInt("head", &head_, 0, std::max(0, int(model_->config.heads) - 1));
    }
    compute_views();
    const Side& s = side_[size_t(heat_of_)];
    const size_t n = heat_tokens_;
    if (heat_.size() != n * n || n == 0) {
        ImGui::TextDisabled(heat_mode_ == 1 ? (layer == 0 ? "Layer 0 is the embeddings: attention starts at layer 1."
                                                          : "Attention is kept for sentences up to 128 tokens.")
                                            : "");
        return;
    }
    // Row labels left, one cell per (query, key); attention rows sum to 1.
    float label_w = 0;
    for (const std::string& t : s.tokens) label_w = std::max(label_w, ImGui::CalcTextSize(t.c_str()).x);
    label_w += 8 * sc;
    const float cell = std::clamp((std::min(ImGui::GetContentRegionAvail().x, 560 * sc) - label_w) / float(n), 6 * sc, 28 * sc);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(label_w + cell * float(n), cell * float(n) + 4 * sc));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float max_abs = heat_mode_ == 1 ? 1.0f : 1.0f;
    for (size_t i = 0; i < n; ++i) {
        if (i < s.tokens.size() && cell >= 10 * sc)
            dl->AddText(ImVec2(p0.x, p0.y + cell * float(i) + (cell - ImGui::GetTextLineHeight()) / 2),
                        theme_u32(ColorRole::Label), s.tokens[i].c_str());
        for (size_t j = 0; j < n; ++j) {
            const ImVec2 c0(p0.x + label_w + cell * float(j), p0.y + cell * float(i));
            dl->AddRectFilled(c0, ImVec2(c0.x + cell - 1, c0.y + cell - 1), heat_colour(heat_[i * n + j], max_abs));
        }
    }
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (ImGui::IsItemHovered() && m.x >= p0.x + label_w) {
        const size_t j = size_t((m.x - p0.x - label_w) / cell), i = size_t((m.y - p0.y) / cell);
        if (i < n && j < n && i < s.tokens.size() && j < s.tokens.size())
            ImGui::SetTooltip(heat_mode_ == 1 ? "%s attends to %s: %.3f" : "cos(%s, %s) = %.3f", s.tokens[i].c_str(),
                              s.tokens[j].c_str(), double(heat_[i * n + j]));
    }
}

void ContextPanel::draw_nearest() {
    const int last = int(side_[0].states.layers.size()) - 1;
    const int layer = layer_ < 0 || layer_ > last ? last : layer_;
    if (ImGui::BeginTable("context-nearest", 2, ImGuiTableFlags_SizingStretchSame)) {
        for (int w = 0; w < 2; ++w) {
            ImGui::TableNextColumn();
            const Side& s = side_[size_t(w)];
            if (s.picked < 0 || size_t(s.picked) >= s.tokens.size()) continue;
            ImGui::Text("Static tokens nearest %s (%s) at layer %d", s.tokens[size_t(s.picked)].c_str(), w ? "B" : "A", layer);
            for (const StaticNeighbour& nb : nearest_[size_t(w)]) {
                const std::string t = model_->tokenizer ? visible_token(*model_->tokenizer, nb.id) : "#" + std::to_string(nb.id);
                ImGui::Text("%7.3f  %s", double(nb.score), t.c_str());
            }
        }
        ImGui::EndTable();
    }
}

void ContextPanel::draw_search(const ContextHooks& hooks) {
    (void)hooks;
    ImGui::TextUnformatted("Sentence embeddings: rank these sentences (one per line) by cosine with sentence A");
    ImGui::TextDisabled("pooling: %s", (std::string(pooling_name(model_->pooling)) + (model_->normalize ? ", normalised" : "")).c_str());
    if (ImGui::InputTextMultiline("##context-search", search_text_.data(), search_text_.capacity() + 1, ImVec2(-1, 110 * theme_scale()),
                                  ImGuiInputTextFlags_CallbackResize, resize_string, &search_text_))
        set_search_sentences(search_text_);
    ImGui::BeginDisabled(runner_ != nullptr);
    if (ImGui::Button("Rank by sentence embedding")) run_search();
    ImGui::EndDisabled();
    if (!search_error_.empty()) draw_error_text(search_error_);
    for (const auto& [text, score] : search_results_) ImGui::Text("%7.3f  %s", score, text.c_str());
}

void ContextPanel::draw(bool take_focus, const ContextHooks& hooks) {
    draw_model_header(hooks);
    if (!model_) return;
    ImGui::Separator();
    draw_sentence(0, take_focus);
    draw_sentence(1, false);
    if (runner_) {
        ImGui::ProgressBar(float(runner_->fraction()), ImVec2(std::min(320.0f * theme_scale(), ImGui::GetContentRegionAvail().x), 0),
                           runner_is_search_ ? "embedding the sentences" : "running the model");
    } else if (last_run_ms_ > 0) {
        ImGui::TextDisabled("forward passes: %.0f ms", last_run_ms_);
    }
    if (!run_error_.empty()) draw_error_text(run_error_);
    compute_views();
    if (cosines_.empty()) return;
    ImGui::BeginChild("context-views", ImVec2(0, 0), false);
    draw_plot();
    ImGui::Separator();
    draw_heat();
    ImGui::Separator();
    draw_nearest();
    ImGui::Separator();
    draw_search(hooks);
    ImGui::EndChild();
}

}  // namespace embx::app
