#include "app/classroom_pairs.hpp"

#include "core/queries.hpp"
#include "core/tokenizer/sklearn_words.hpp"

namespace embx::app {

namespace {

std::string quote(const std::string& s) { return "\u201c" + s + "\u201d"; }

// The word's TF-IDF column, or why there is none.
size_t find_column(const TfidfModel& m, const std::string& word, std::string& why) {
    const std::vector<std::string> tokens = sklearn_word_tokens(word);
    if (tokens.size() != 1) {
        why = quote(word) + " is not one term (terms are single words of two or more letters or digits)";
        return TfidfModel::npos;
    }
    const size_t t = m.find_term(tokens[0]);
    if (t == TfidfModel::npos) why = quote(word) + " is in none of the documents";
    return t;
}

}  // namespace

const std::vector<WordPair>& article_word_pairs() {
    static const std::vector<WordPair> pairs = {{"number", "apple"}, {"cat", "dog"}, {"king", "queen"}};
    return pairs;
}

std::vector<ClassroomPair> compare_word_pairs(const std::vector<WordPair>& pairs, const TfidfModel* model,
                                              const EmbeddingTable* table) {
    std::vector<ClassroomPair> out;
    for (const auto& [a, b] : pairs) {
        ClassroomPair p;
        p.a = a;
        p.b = b;
        if (!model) {
            p.tfidf_why = "no TF-IDF matrix (the collection has an error)";
        } else {
            std::string why_a, why_b;
            const size_t ta = find_column(*model, a, why_a), tb = find_column(*model, b, why_b);
            if (ta != TfidfModel::npos && tb != TfidfModel::npos) {
                p.has_tfidf = true;
                p.tfidf = model->term_cosine(ta, tb);
            } else {
                p.tfidf_why = !why_a.empty() && !why_b.empty() ? why_a + "; " + why_b : why_a + why_b;
            }
        }
        if (!table) {
            p.table_why = "no table is loaded";
        } else if (auto c = similarity(*table, a, b)) {
            p.has_table = true;
            p.table = double(*c);
        } else {
            p.table_why = c.error();
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace embx::app
