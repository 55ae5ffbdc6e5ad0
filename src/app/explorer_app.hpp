// The explorer's user interface (Dear ImGui), shared by the web page and the desktop app.
// It owns view state and calls core; the platform shell owns the window, the GL context and
// the bytes of files, and hands them over through TableSession.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/table_session.hpp"
#include "core/status.hpp"

namespace embx::app {

struct NamedHit {
    std::string word;  // escaped for display (see core/display_text.hpp)
    float score = 0;
};

class ExplorerApp {
public:
    explicit ExplorerApp(TableSession& session);

    // Draws one frame; call between ImGui::NewFrame() and ImGui::Render().
    void frame();

    // Automation and the JavaScript API: the same search the UI runs.
    Expected<std::vector<NamedHit>> neighbors(const std::string& word, int k) const;
    // Vector arithmetic ("italy - rome + london"); method "add" (3CosAdd) or "mul" (3CosMul).
    Expected<std::vector<NamedHit>> query(const std::string& expression, int k, const std::string& method) const;
    void set_query(const std::string& word);
    const std::string& query() const { return query_; }
    // What the results list shows right now (an accessibility mirror for tests).
    const std::vector<NamedHit>& visible_results() const { return results_; }
    const std::string& visible_error() const { return result_error_; }

private:
    void draw_header();
    void draw_progress();
    void draw_search();
    void draw_results();
    void draw_status_line();
    void refresh_results();

    TableSession& session_;
    char input_[256] = {};
    std::string query_;
    int k_ = 10;
    bool focus_search_ = true;

    // Results cache: recomputed when the query, k or the table (generation) change.
    std::vector<NamedHit> results_;
    std::string result_error_;
    std::string cached_query_;
    int cached_k_ = 0;
    uint64_t cached_generation_ = UINT64_MAX;
    double last_search_ms_ = 0;
};

}  // namespace embx::app
