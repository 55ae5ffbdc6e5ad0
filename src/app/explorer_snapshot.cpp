// ExplorerApp::snapshot(): what every tab shows, gathered from the panels as plain data for the
// web page's text view (see ui_snapshot.hpp).
#include "app/explorer_app.hpp"
#include "app/table_panel.hpp"
#include "app/theme.hpp"
#include "core/display_text.hpp"

namespace embx::app {

UiSnapshot ExplorerApp::snapshot() {
    UiSnapshot s;
    s.tab = std::string(tab_name(tab_));
    if (const auto& t = session_.active()) {
        s.table.loaded = true;
        s.table.name = escape_for_display(t->info().name);
        s.table.rows = t->rows();
        s.table.total_rows = t->info().expected_rows;
        s.table.dims = t->dims();
        s.table.dtype = std::string(dtype_name(t->dtype()));
        s.table.complete = t->complete();
        s.table.details = table_details(session_);
        s.search.searched_rows = t->rows();
    }
    const LoadProgress p = session_.progress();
    s.load = {p.active, escape_for_display(p.name), p.bytes, p.total_bytes, p.rows, p.total_rows,
              escape_for_display(session_.last_error())};

    s.search.query = search_.query();
    s.search.k = search_.k();
    s.search.results = search_.results();
    s.search.error = escape_for_display(search_.error());

    s.arithmetic.expression = arithmetic_.expression();
    s.arithmetic.mul = arithmetic_.method() == QueryMethod::Mul;
    s.arithmetic.results = arithmetic_.results();
    s.arithmetic.inputs = arithmetic_.inputs();
    s.arithmetic.explanation = arithmetic_.explanation();
    s.arithmetic.error = escape_for_display(arithmetic_.error());

    vector_.fill_snapshot(session_, s.vector);
    tokens_.fill_snapshot(session_, s.tokens);
    context_.fill_snapshot(s.context);
    graph_.fill_snapshot(s.graph);
    map_.fill_snapshot(s.map);
    classroom_.fill_snapshot(session_, s.classroom);
    s.classroom_section = classroom_word2vec_ ? "word2vec" : "tfidf";
    training_.fill_snapshot(s.training);
    s.notice = escape_for_display(notice_.empty() ? session_.last_notice() : notice_);
    s.dark = theme_dark();
    s.reduced_motion = reduced_motion_;
    s.ui_scale = theme_scale();
    return s;
}

}  // namespace embx::app
