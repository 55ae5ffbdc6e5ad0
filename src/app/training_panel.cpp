#include "app/training_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/label_layout.hpp"
#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/byte_size.hpp"
#include "core/display_text.hpp"

namespace embx::app {

namespace {

std::string human_count(double x) {
    char buf[32];
    if (x >= 1e6) std::snprintf(buf, sizeof buf, "%.2fM", x / 1e6);
    else if (x >= 1e3) std::snprintf(buf, sizeof buf, "%.1fk", x / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
}

std::vector<std::string> split_words(const char* text) {
    std::vector<std::string> out;
    std::string cur;
    for (const char* p = text;; ++p) {
        if (*p == 0 || *p == ',' || *p == ' ' || *p == '\t') {
            if (!cur.empty() && out.size() < 20) out.push_back(cur);
            cur.clear();
            if (*p == 0) break;
        } else {
            cur += *p;
        }
    }
    return out;
}

// Words that occur often enough in the Brown corpus to move visibly in a few epochs.
constexpr const char* kDefaultWatch = "man, money, city, war, good, three";

}  // namespace

TrainingPanel::TrainingPanel() {
    std::snprintf(watch_text_, sizeof watch_text_, "%s", kDefaultWatch);
    form_.watch = split_words(watch_text_);
    typed_ = "the cat sat on the mat\nthe dog sat on the rug\na cat and a dog played\nthe king and the queen ruled\n";
}

std::optional<TrainingState> TrainingPanel::state() const {
    if (!run_) return std::nullopt;
    return run_->state();
}

void TrainingPanel::corpus_arrived(const std::string& name, std::string text) {
    corpora_[name] = std::make_shared<const std::string>(std::move(text));
    corpus_ = name;
    if (waiting_ && waiting_->corpus == name) {
        TrainRequest r = *waiting_;
        waiting_.reset();
        begin_run(r);
    }
}

void TrainingPanel::corpus_failed(const std::string& name, const std::string& why) {
    error_ = name + ": " + why;
    if (waiting_ && waiting_->corpus == name) {
        waiting_.reset();
        pending_note_.clear();
    }
}

Status TrainingPanel::start(const TrainRequest& request, const TrainingHooks& hooks) {
    TrainRequest r = request;
    const uint32_t max_threads = hooks.background_threads ? std::max(hooks.max_threads, 1u) : 1u;
    if (r.params.threads == 0) r.params.threads = 1;
    if (r.params.threads > max_threads) {
        error_ = "threads must be at most " + std::to_string(max_threads) +
                 (max_threads == 1 ? " here (training threads need a cross-origin isolated page)" : " here");
        return Status(Error{error_});
    }
    if (r.params.min_count == 0) r.params.min_count = 1;
    if (Status s = train::validate_params(r.params); !s) {
        error_ = s.error();
        return s;
    }
    error_.clear();
    background_ = hooks.background_threads;
    if (r.corpus == kTypedCorpus) corpora_[kTypedCorpus] = std::make_shared<const std::string>(typed_);
    if (corpora_.count(r.corpus)) {
        begin_run(r);
        return Status::success();
    }
    if (r.corpus != kBrownCorpus) {
        error_ = "no corpus named '" + r.corpus + "' (open a text file first)";
        return Status(Error{error_});
    }
    if (!hooks.fetch_corpus) {
        error_ = "the Brown corpus is not available here: open a text file";
        return Status(Error{error_});
    }
    run_.reset();
    waiting_ = r;
    pending_note_ = "fetching the Brown corpus";
    hooks.fetch_corpus(kBrownCorpus);
    return Status::success();
}

void TrainingPanel::begin_run(const TrainRequest& r) {
    run_.reset();  // stops and joins a previous run first
    pending_note_.clear();
    explored_ = false;
    TrainingOptions o;
    o.params = r.params;
    o.watch = r.watch;
    auto made = TrainingRun::start(corpora_[r.corpus], r.corpus, o, background_);
    if (!made) {
        error_ = made.error();
        return;
    }
    run_ = std::move(*made);
    run_request_ = r;
    step_.reset();
    step_error_.clear();
    step_alpha_ = float(r.params.starting_alpha());
}

void TrainingPanel::pause() {
    if (run_) run_->pause();
}
void TrainingPanel::resume() {
    if (run_) run_->resume();
}
void TrainingPanel::stop() {
    if (run_) run_->stop();
    if (waiting_) {
        waiting_.reset();
        pending_note_.clear();
    }
}

std::string TrainingPanel::table_name() const {
    const auto& p = run_request_.params;
    char buf[200];
    std::snprintf(buf, sizeof buf, "Word2Vec %s on %s (%u dims, %u epochs)", p.cbow ? "CBOW" : "skip-gram",
                  run_request_.corpus == kBrownCorpus ? "the Brown corpus" : run_request_.corpus.c_str(), p.size,
                  p.iter);
    return buf;
}

bool TrainingPanel::explore_now(TableSession& session) {
    if (!run_) return false;
    auto table = run_->table(table_name());
    if (!table) return false;
    const auto s = run_->state();
    char note[200];
    std::snprintf(note, sizeof note, "exploring the trained model: %zu words x %u dims, %.0f%% trained", table->rows(),
                  table->dims(), s.fraction * 100);
    explored_name_ = table->info().name;
    session.adopt(std::move(table), note);
    return true;
}

void TrainingPanel::tick(TableSession& session, double budget_ms) {
    if (!run_) return;
    run_->pump(budget_ms);
    if (!explored_ && run_request_.explore && run_->state().phase == TrainingPhase::Finished) {
        explored_ = true;
        explore_now(session);
    }
}

// --- drawing ------------------------------------------------------------------------------

void TrainingPanel::draw(TableSession& session, bool take_focus, const TrainingHooks& hooks) {
    max_threads_ = hooks.background_threads ? std::max(hooks.max_threads, 1u) : 1u;
    ImGui::TextWrapped(
        "Word2Vec learns a vector per word by prediction: CBOW predicts a word from the words around it, "
        "skip-gram predicts the words around from the word. The hidden layer's weights are the embeddings; "
        "negative sampling makes each step cheap (a few wrong words instead of the whole vocabulary).");
    ImGui::Spacing();
    if (take_focus) ImGui::SetKeyboardFocusHere();
    draw_corpus(hooks);
    draw_parameters();
    draw_buttons(session, hooks);
    if (!error_.empty()) draw_error_text(error_);
    if (!pending_note_.empty()) ImGui::TextDisabled("%s...", pending_note_.c_str());
    if (!run_) return;
    const TrainingState s = run_->state();
    if (s.phase == TrainingPhase::Failed) draw_error_text(s.error);
    draw_progress(s);
    if (s.phase == TrainingPhase::Counting || s.phase == TrainingPhase::Failed) return;
    draw_step(s);
    if (ImGui::BeginTable("training-views", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        draw_loss(s);
        draw_watched(s);
        ImGui::TableNextColumn();
        draw_points(s);
        ImGui::EndTable();
    }
}

void TrainingPanel::draw_corpus(const TrainingHooks& hooks) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Corpus");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    auto label = [](const std::string& name) {
        return name == kBrownCorpus ? std::string("Brown corpus (1.16M words)") : name;
    };
    if (ImGui::BeginCombo("##corpus", label(corpus_).c_str())) {
        std::vector<std::string> names = {kBrownCorpus, kTypedCorpus};
        for (const auto& [name, text] : corpora_)
            if (name != kBrownCorpus && name != kTypedCorpus) names.push_back(name);
        for (const auto& n : names)
            if (ImGui::Selectable(label(n).c_str(), n == corpus_)) corpus_ = n;
        ImGui::EndCombo();
    }
    if (hooks.open_corpus_file) {
        ImGui::SameLine();
        if (ImGui::Button("Open a text file...")) hooks.open_corpus_file();
    }
    auto it = corpora_.find(corpus_);
    if (it != corpora_.end() && corpus_ != kTypedCorpus) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", human_bytes(it->second->size()).c_str());
    }
    if (corpus_ == kTypedCorpus)
        ImGui::InputTextMultiline("##typed", typed_.data(), typed_.capacity() + 1,
                                  ImVec2(-1, ImGui::GetTextLineHeight() * 5), ImGuiInputTextFlags_CallbackResize,
                                  resize_string, &typed_);
}

void TrainingPanel::draw_parameters() {
    train::Word2VecParams& p = form_.params;
    const float w = ImGui::GetFontSize() * 5;
    int model = p.cbow ? 0 : 1;
    ImGui::RadioButton("CBOW", &model, 0);
    ImGui::SameLine();
    ImGui::RadioButton("skip-gram", &model, 1);
    p.cbow = model == 0;
    auto int_field = [w](const char* label, uint32_t& v, int lo, int hi) {
        ImGui::SameLine();
        int x = int(v);
        ImGui::SetNextItemWidth(w);
        if (ImGui::InputInt(label, &x, 0, 0)) v = uint32_t(std::clamp(x, lo, hi));
    };
    int_field("size", p.size, 1, 1000);
    int_field("window", p.window, 1, 50);
    int_field("negative", p.negative, 0, 50);
    ImGui::SameLine();
    ImGui::Checkbox("hs", &p.hs);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("hierarchical softmax (the tool's -hs 1)");
    int_field("epochs", p.iter, 1, 100);
    if (max_threads_ > 1) int_field("threads", p.threads, 1, int(max_threads_));
    int mc = int(p.min_count);
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt("min-count", &mc, 0, 0)) p.min_count = uint64_t(std::clamp(mc, 1, 1000000));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputDouble("sample", &p.sample, 0, 0, "%g");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputDouble("alpha (0: default)", &p.alpha, 0, 0, "%g");
    ImGui::SameLine();
    int seed = int(p.seed);
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt("seed", &seed, 0, 0)) p.seed = uint64_t(std::max(seed, 0));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    if (ImGui::InputText("watched words", watch_text_, sizeof watch_text_)) form_.watch = split_words(watch_text_);
}

void TrainingPanel::draw_buttons(TableSession& session, const TrainingHooks& hooks) {
    const TrainingPhase phase = run_ ? run_->state().phase : TrainingPhase::Failed;
    const bool running = run_ && (phase == TrainingPhase::Counting || phase == TrainingPhase::Training);
    if (ImGui::Button(running || phase == TrainingPhase::Paused ? "Train again" : "Train")) {
        form_.corpus = corpus_;
        form_.watch = split_words(watch_text_);
        (void)start(form_, hooks);
    }
    if (!run_) return;
    ImGui::SameLine();
    if (phase == TrainingPhase::Paused) {
        if (ImGui::Button("Resume")) resume();
    } else {
        ImGui::BeginDisabled(!running);
        if (ImGui::Button("Pause")) pause();
        ImGui::EndDisabled();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(!running && phase != TrainingPhase::Paused);
    if (ImGui::Button("Stop")) stop();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(phase == TrainingPhase::Counting || phase == TrainingPhase::Failed);
    if (ImGui::Button("Explore it now")) explore_now(session);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Search, Arithmetic, Graph and Map use the model as it is now");
    const auto& active = session.active();
    if (active && !explored_name_.empty() && active->info().name == explored_name_) {
        ImGui::SameLine();
        ImGui::TextDisabled("(the explorer shows this model)");
    }
}

void TrainingPanel::draw_progress(const TrainingState& s) {
    char overlay[256];
    if (s.phase == TrainingPhase::Counting) {
        std::snprintf(overlay, sizeof overlay, "counting words: %s of %s", human_bytes(s.bytes_counted).c_str(),
                      human_bytes(s.corpus_bytes).c_str());
        ImGui::ProgressBar(s.corpus_bytes ? float(double(s.bytes_counted) / double(s.corpus_bytes)) : 0, ImVec2(-1, 0),
                           overlay);
        return;
    }
    if (s.phase == TrainingPhase::Failed) return;
    const uint32_t epochs = run_request_.params.iter;
    const double epoch = s.corpus_words ? double(s.words_done) / double(s.corpus_words) : 0;
    std::snprintf(overlay, sizeof overlay, "%s  %s / %s words  epoch %.0f/%u  %s words/s  %s  loss %.3f  alpha %.4f",
                  std::string(training_phase_name(s.phase)).c_str(), human_count(double(s.words_done)).c_str(),
                  human_count(double(s.words_total)).c_str(), std::min(std::floor(epoch) + 1, double(epochs)), epochs,
                  human_count(s.words_per_second).c_str(),
                  s.phase == TrainingPhase::Finished
                      ? ("done in " + std::to_string(int(std::lround(s.seconds))) + " s").c_str()
                      : ("ETA " + std::to_string(int(std::lround(s.eta_seconds))) + " s").c_str(),
                  s.loss, s.alpha);
    ImGui::ProgressBar(float(s.fraction), ImVec2(-1, 0), overlay);
    ImGui::TextDisabled("%zu words in the vocabulary (min-count %llu), %s corpus words%s", s.vocabulary,
                        static_cast<unsigned long long>(run_request_.params.min_count),
                        human_count(double(s.corpus_words)).c_str(),
                        s.background ? ", training on a thread of its own" : "");
}

void TrainingPanel::draw_loss(const TrainingState& s) {
    ImGui::TextUnformatted("Loss per prediction");
    if (s.loss_value.empty()) return;
    // Drawn by hand (x: the share of training done, y from 0): the theme's plot colours are
    // too faint on the panel, and the points are not evenly spaced in x.
    const float hi = std::max(*std::max_element(s.loss_value.begin(), s.loss_value.end()), 1e-6f);
    const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * 5);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), theme_u32(ColorRole::CanvasBg));
    dl->AddRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), theme_u32(ColorRole::CanvasBorder));
    std::vector<ImVec2> line;
    for (size_t i = 0; i < s.loss_value.size(); ++i)
        line.emplace_back(p0.x + s.loss_at[i] * size.x, p0.y + size.y * (1 - s.loss_value[i] / (hi * 1.05f)));
    dl->AddPolyline(line.data(), int(line.size()), theme_u32(ColorRole::ScoreBar), 0, 2 * theme_scale());
    char label[48];
    std::snprintf(label, sizeof label, "%.2f", double(hi));
    dl->AddText(ImVec2(p0.x + 4, p0.y + 2), theme_u32(ColorRole::Label), label);
}

void TrainingPanel::draw_watched(const TrainingState& s) {
    ImGui::TextUnformatted("Nearest words of the watched words");
    if (!ImGui::BeginTable("watched", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
    ImGui::TableSetupColumn("word", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
    ImGui::TableSetupColumn("neighbours (cosine)");
    ImGui::TableHeadersRow();
    for (const auto& w : s.watched) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(escape_for_display(w.word).c_str());
        ImGui::TableNextColumn();
        if (!w.known) {
            ImGui::TextDisabled("not in the vocabulary");
            continue;
        }
        std::string line;
        for (const auto& n : w.neighbours) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%s%s %.2f", line.empty() ? "" : ", ", escape_for_display(n.word).c_str(),
                          double(n.score));
            line += buf;
        }
        ImGui::TextWrapped("%s", line.c_str());
    }
    ImGui::EndTable();
}

void TrainingPanel::draw_points(const TrainingState& s) {
    ImGui::Text("The watched words and their neighbours, 2D PCA (%.0f%% of their variance)",
                s.explained_variance * 100);
    CanvasArea c = begin_canvas("training-points");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (s.points.empty()) {
        dl->PopClipRect();
        return;
    }
    float lo_x = s.points[0].x, hi_x = lo_x, lo_y = s.points[0].y, hi_y = lo_y;
    for (const auto& p : s.points) {
        lo_x = std::min(lo_x, p.x), hi_x = std::max(hi_x, p.x);
        lo_y = std::min(lo_y, p.y), hi_y = std::max(hi_y, p.y);
    }
    const float span = std::max({hi_x - lo_x, hi_y - lo_y, 1e-6f});
    const float pad = 40 * theme_scale();
    const float scale = std::min(c.size.x, c.size.y) - 2 * pad;
    const float r = 3.5f * theme_scale();
    // Watched words first: their labels are always placed; a neighbour's label that would
    // overlap another is left out (the table lists every neighbour).
    std::vector<size_t> order(s.points.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return s.points[a].watched > s.points[b].watched; });
    std::vector<ImVec2> at(s.points.size());
    std::vector<std::string> words(s.points.size());
    std::vector<LabelRequest> requests;
    for (size_t i : order) {
        const auto& p = s.points[i];
        at[i] = ImVec2(c.centre.x + (p.x - (lo_x + hi_x) / 2) / span * scale,
                       c.centre.y - (p.y - (lo_y + hi_y) / 2) / span * scale);
        words[i] = escape_for_display(p.word);
        const ImVec2 ts = ImGui::CalcTextSize(words[i].c_str());
        requests.push_back({at[i].x, at[i].y, p.watched ? r * 1.6f : r, ts.x, ts.y, p.watched});
    }
    const auto placed = place_labels(requests, {c.min.x, c.min.y, c.max.x, c.max.y}, 2 * theme_scale());
    for (size_t k = 0; k < order.size(); ++k) {
        const size_t i = order[k];
        const auto& p = s.points[i];
        const float hue = float(p.group) / float(std::max<size_t>(s.watched.size(), 1));
        float cr, cg, cb;
        ImGui::ColorConvertHSVtoRGB(hue, 0.65f, theme_dark() ? 0.95f : 0.75f, cr, cg, cb);
        dl->AddCircleFilled(at[i], p.watched ? r * 1.6f : r, ImGui::GetColorU32(ImVec4(cr, cg, cb, 1)));
        if (placed[k].placed)
            dl->AddText(ImVec2(placed[k].x, placed[k].y),
                        p.watched ? theme_u32(ColorRole::LabelStrong) : theme_u32(ColorRole::Label), words[i].c_str());
    }
    dl->PopClipRect();
}

void TrainingPanel::explain_step() {
    step_.reset();
    step_error_.clear();
    if (!run_) return;
    const bool lowercase = run_request_.params.lowercase;
    const bool cbow = run_request_.params.cbow;
    const size_t window = run_request_.params.window;
    const float alpha = step_alpha_;
    run_->with_trainer([&](const train::Word2VecTrainer* t) {
        if (!t) {
            step_error_ = "the model does not exist yet (counting words)";
            return;
        }
        auto in =
            train::word2vec_step_input(t->vocab(), lowercase, step_text_, size_t(std::max(step_centre_, 0)), window);
        if (!in) {
            step_error_ = in.error();
            return;
        }
        in->cbow = cbow;
        in->alpha = alpha;
        auto e = train::explain_word2vec_step(*t, *in);
        if (!e) step_error_ = e.error();
        else step_ = std::move(*e);
    });
}

Expected<std::string> TrainingPanel::explain(const std::string& sentence, int centre) {
    std::snprintf(step_text_, sizeof step_text_, "%s", sentence.c_str());
    step_centre_ = std::max(centre, 0);
    explain_step();
    if (!step_) return Error{step_error_.empty() ? "no training run yet" : step_error_};
    return word2vec_step_text(*step_);
}

// One training step with the current model's numbers: explained on request, and again after
// each change while the model is not training (explaining waits for a training slice).
void TrainingPanel::draw_step(const TrainingState& s) {
    if (!ImGui::CollapsingHeader("One training step, with the model's real numbers")) return;
    const bool idle =
        s.phase == TrainingPhase::Paused || s.phase == TrainingPhase::Stopped || s.phase == TrainingPhase::Finished;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    bool changed = ImGui::InputText("sentence", step_text_, sizeof step_text_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    changed |= ImGui::InputInt("centre word (position from 0)", &step_centre_, 1, 1);
    step_centre_ = std::max(step_centre_, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    changed |= ImGui::InputFloat("learning rate", &step_alpha_, 0, 0, "%g");
    ImGui::SameLine();
    const bool asked = ImGui::Button("Explain");
    if (asked || (idle && (changed || step_version_ != s.version)) || (!step_ && step_error_.empty())) {
        explain_step();
        step_version_ = s.version;
    }
    if (!idle)
        ImGui::TextDisabled("Training changes the model all the time: press Explain for the numbers now, or Pause.");
    if (!step_error_.empty()) draw_error_text(step_error_);
    if (!step_) return;
    if (draw_word2vec_step(*step_, step_view_, idle) == Word2VecStepAction::apply) {
        run_->with_trainer_mut([&](train::Word2VecTrainer* t) {
            if (!t) return;
            if (Status st = train::apply_word2vec_step(*t, *step_); !st) step_error_ = st.error();
        });
        if (step_error_.empty()) explain_step();  // the same example on the updated model
    }
}

// --- snapshot -----------------------------------------------------------------------------

void TrainingPanel::fill_snapshot(TrainingSnapshot& out) const {
    out = TrainingSnapshot{};
    out.corpus = escape_for_display(corpus_);
    out.selected = escape_for_display(corpus_);
    for (const auto& [name, text] : corpora_) out.corpora.push_back(escape_for_display(name));
    out.pending = pending_note_;
    out.error = error_;
    out.explored_table = explored_name_;
    if (!run_) return;
    const TrainingState s = run_->state();
    out.phase = std::string(training_phase_name(s.phase));
    out.model = run_request_.params.cbow ? "cbow" : "skip-gram";
    out.corpus = escape_for_display(s.corpus);
    if (out.error.empty()) out.error = s.error;
    out.vocabulary = s.vocabulary;
    out.corpus_words = s.corpus_words;
    out.words_done = s.words_done;
    out.words_total = s.words_total;
    out.fraction = s.fraction;
    out.words_per_second = s.words_per_second;
    out.eta_seconds = s.eta_seconds;
    out.seconds = s.seconds;
    out.loss = s.loss;
    out.mean_loss = s.mean_loss;
    out.alpha = s.alpha;
    out.background = s.background;
    if (step_) out.step = word2vec_step_text(*step_);
    out.loss_curve.assign(s.loss_value.begin(), s.loss_value.end());
    for (const auto& w : s.watched) {
        TrainingSnapshot::Watched x{escape_for_display(w.word), w.known, {}};
        for (const auto& n : w.neighbours) x.neighbours.push_back({escape_for_display(n.word), double(n.score)});
        out.watched.push_back(std::move(x));
    }
}

}  // namespace embx::app
