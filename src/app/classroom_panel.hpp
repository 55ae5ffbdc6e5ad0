// Classroom tab: TF-IDF made visible. The collection (one document per line, the article's
// worked example by default) is editable; the variant (textbook or scikit-learn's
// TfidfVectorizer defaults) and its switches are chosen on screen; the TF-IDF matrix is a heat
// map whose clicked cell shows its formula with the numbers ("TF = 5/100 = 0.05, IDF =
// ln(10/2) = 1.61, TF-IDF = 0.05 × 1.61 ≈ 0.08"); the selected document's terms with count,
// TF, df, IDF and TF-IDF; the documents' cosine similarities; and two terms' cosine in TF-IDF
// term space (the article's "number" and "apple": no relationship).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ui_snapshot.hpp"
#include "core/train/tfidf.hpp"

namespace embx::app {

class ClassroomPanel {
public:
    ClassroomPanel();
    void draw(bool take_focus);
    void fill_snapshot(ClassroomSnapshot& out) const;

    // Replaces the collection (one document per line) and recomputes.
    void set_documents(const std::string& text);
    // Selects the cell of document `d` (0-based) and `term`; false if there is no such cell.
    bool select(size_t d, const std::string& term);

private:
    void rebuild();
    void draw_controls();
    void draw_heat_map();
    void draw_terms_table();
    void draw_similarity();
    void draw_term_pair();

    std::string text_;  // the collection, one document per line
    std::vector<std::string> documents_;
    TfidfOptions options_ = TfidfOptions::textbook();
    std::optional<TfidfModel> model_;
    std::string error_;
    size_t doc_ = 0;
    std::string term_ = "cat";
    char pair_a_[64] = "number", pair_b_[64] = "apple";
};

}  // namespace embx::app
