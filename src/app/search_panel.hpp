// Search tab: nearest neighbours of a word, updated on every keystroke, with history.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "app/table_session.hpp"
#include "core/background_search.hpp"
#include "core/scan_pool.hpp"
#include "app/ui_widgets.hpp"

namespace embx::app {

class SearchPanel {
public:
    // `copy` writes to the clipboard (the Copy buttons; empty: no buttons work).
    void draw(const TableSession& session, bool take_focus, const ClipboardFn& copy = {});
    // Shows `word` and records it in the history (clicks on results, links, the JS API).
    void search(const std::string& word);
    bool back();
    bool forward();
    // Shows `word` without recording it (typing in the web page's text view).
    void edit(const std::string& word) { show(word); }
    // The first result row takes the keyboard focus on the next frame.
    void focus_results() { focus_results_ = true; }

    const std::string& query() const { return query_; }
    const std::vector<NamedHit>& results() const { return results_; }
    const std::string& error() const { return error_; }
    int k() const { return k_; }
    void set_k(int k) { k_ = k; }

    // Threads for the scan (nullptr: this thread alone). With 2 or more, big tables are
    // scanned on the workers while frames go on, and results show up a frame or two later.
    void set_scan_pool(ScanPool* pool) { pool_ = pool; }

private:
    void refresh(const TableSession& session);
    // Starts the search on the pool's workers; false if this table is scanned here instead.
    bool start_background(const std::shared_ptr<EmbeddingTable>& t);
    void show(const std::string& word);
    void take(const Expected<std::vector<Hit>>& hits, const EmbeddingTable& t);

    ScanPool* pool_ = nullptr;
    std::unique_ptr<BackgroundSearch> background_;
    std::shared_ptr<const EmbeddingTable> background_table_;
    std::chrono::steady_clock::time_point background_t0_;

    char input_[256] = {};
    int input_id_ = 0;  // bumped when code sets the text: an active ImGui input would keep its own copy
    bool focus_results_ = false, refocus_input_ = false;
    std::string query_;
    int k_ = 10;
    std::vector<std::string> history_;  // committed searches, oldest first
    size_t position_ = 0;               // index of the shown entry + 1 (0 = none)
    std::vector<NamedHit> results_;
    std::string error_;
    std::string cached_query_;
    int cached_k_ = 0;
    uint64_t cached_generation_ = UINT64_MAX;
    double last_ms_ = 0;
};

}  // namespace embx::app
