// Classroom tab: TF-IDF made visible. The collection (one document per line, the article's
// worked example by default) is editable; the variant (textbook or scikit-learn's
// TfidfVectorizer defaults) and its switches are chosen on screen; the TF-IDF matrix is a heat
// map whose clicked cell shows its formula with the numbers ("TF = 5/100 = 0.05, IDF =
// ln(10/2) = 1.61, TF-IDF = 0.05 × 1.61 ≈ 0.08"); the selected document's terms with count,
// TF, df, IDF and TF-IDF; the documents' cosine similarities; and two terms' cosine in TF-IDF
// term space (the article's "number" and "apple": no relationship) next to their cosine in the
// explorer's table. Text files the user opens or drops add documents (one per file or per line).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/table_session.hpp"
#include "app/ui_snapshot.hpp"
#include "core/status.hpp"
#include "core/train/text_documents.hpp"
#include "core/train/tfidf.hpp"

namespace embx::app {

class ClassroomPanel {
public:
    ClassroomPanel();
    // `open_text_files` shows the platform's picker for text files (empty: no picker here).
    void draw(const TableSession& session, bool take_focus,
              const std::function<void(const std::string& purpose)>& open_text_files);
    void fill_snapshot(const TableSession& session, ClassroomSnapshot& out) const;

    // Replaces the collection (one document per line) and recomputes.
    void set_documents(const std::string& text);
    // Selects the cell of document `d` (0-based) and `term`; false if there is no such cell.
    bool select(size_t d, const std::string& term);

    // A text file opened or dropped: its documents (one, or one per non-blank line) are added
    // to the collection. On error (not UTF-8, binary, too large, too many documents) nothing is
    // added and the error, naming the file, is shown next to the button.
    Status add_text_file(const std::string& name, std::string_view bytes);
    void set_per_line(bool on) { per_line_ = on; }
    bool per_line() const { return per_line_; }
    static constexpr size_t kMaxFileBytes = TextDocumentLimits{}.max_file_bytes;

private:
    void rebuild();
    void draw_controls();
    void draw_heat_map();
    void draw_terms_table();
    void draw_similarity();
    void draw_term_pair();
    void draw_add_files(const std::function<void(const std::string& purpose)>& open_text_files);
    void draw_pair_table(const TableSession& session);
    // The pair rows for the session's table, recomputed only when something they depend on changed.
    const std::vector<ClassroomPair>& pairs(const TableSession& session) const;

    std::string text_;  // the collection, one document per line
    std::vector<std::string> documents_;
    TfidfOptions options_ = TfidfOptions::textbook();
    std::optional<TfidfModel> model_;
    std::string error_;
    size_t doc_ = 0;
    std::string term_ = "cat";
    char pair_a_[64] = "number", pair_b_[64] = "apple";
    bool per_line_ = false;  // text files: one document per line (else one per file)
    std::string file_message_;  // the last text file's outcome
    bool file_error_ = false;
    int text_id_ = 0;  // the documents box's id (see draw)
    uint64_t revision_ = 0;  // counts rebuilds (the pair cache's key)
    mutable std::vector<ClassroomPair> pairs_;
    mutable std::string pairs_key_;
};

}  // namespace embx::app
