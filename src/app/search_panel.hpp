// Search tab: nearest neighbours of a word, updated on every keystroke, with history.
#pragma once

#include <string>
#include <vector>

#include "app/table_session.hpp"
#include "app/ui_widgets.hpp"

namespace embx::app {

class SearchPanel {
public:
    void draw(const TableSession& session, bool take_focus);
    // Shows `word` and records it in the history (clicks on results, links, the JS API).
    void search(const std::string& word);
    bool back();
    bool forward();

    const std::string& query() const { return query_; }
    const std::vector<NamedHit>& results() const { return results_; }
    const std::string& error() const { return error_; }
    int k() const { return k_; }
    void set_k(int k) { k_ = k; }

private:
    void refresh(const TableSession& session);
    void show(const std::string& word);

    char input_[256] = {};
    int input_id_ = 0;  // bumped when code sets the text: an active ImGui input would keep its own copy
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
