// Arithmetic tab: "italy - rome + london" with 3CosAdd or 3CosMul, the inputs listed (they are
// excluded from the answers) and a line that says what was computed.
#pragma once

#include <string>
#include <vector>

#include "app/table_session.hpp"
#include "core/scan_pool.hpp"
#include "app/ui_widgets.hpp"
#include "core/queries.hpp"

namespace embx::app {

class ArithmeticPanel {
public:
    // Returns what the user did in the results (a word to search, by mouse or keyboard).
    HitsAction draw(const TableSession& session, bool take_focus, const ClipboardFn& copy = {});

    void set_expression(const std::string& expr);
    const std::string& expression() const { return expr_; }
    void set_method(QueryMethod m) { method_ = int(m); }
    QueryMethod method() const { return QueryMethod(method_); }
    const std::vector<NamedHit>& results() const { return results_; }
    const std::string& error() const { return error_; }
    const std::string& explanation() const { return explanation_; }
    const std::vector<std::string>& inputs() const { return inputs_; }

    // Threads for the scan (nullptr: this thread alone).
    void set_scan_pool(ScanPool* pool) { pool_ = pool; }

private:
    void refresh(const TableSession& session);
    ScanPool* pool_ = nullptr;

    char input_[512] = {};
    int input_id_ = 0;  // bumped when code sets the text (see SearchPanel)
    bool focus_results_ = false, refocus_input_ = false;
    std::string expr_;
    int method_ = int(QueryMethod::Add);
    int k_ = 10;
    std::vector<NamedHit> results_;
    std::vector<std::string> inputs_;  // resolved input words, escaped
    std::string error_, explanation_;
    std::string cached_expr_;
    int cached_method_ = -1, cached_k_ = 0;
    uint64_t cached_generation_ = UINT64_MAX;
};

}  // namespace embx::app
