// The article's point made visible: the same word pairs' cosine in TF-IDF term space (columns
// of the TF-IDF matrix: words are alike only when they appear in the same documents) next to
// their cosine in an embedding table (GloVe, or a Word2Vec table trained in the page). No
// ImGui: the Classroom panel draws the rows, the snapshot and unit tests read them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/ui_snapshot.hpp"
#include "core/embedding_table.hpp"
#include "core/train/tfidf.hpp"

namespace embx::app {

using WordPair = std::pair<std::string, std::string>;

// The article's pairs: "number"/"apple" (no relationship), "cat"/"dog", "king"/"queen".
const std::vector<WordPair>& article_word_pairs();

// One row per pair. A word is looked up in the TF-IDF terms as the vectorizer would see it
// (lower-cased, one word of two or more characters) and in the table as the Search tab does
// (exact, then ignoring ASCII case). `model` null: the collection has no matrix; `table`
// null: no table is loaded. Words are kept as given (not escaped for display).
std::vector<ClassroomPair> compare_word_pairs(const std::vector<WordPair>& pairs, const TfidfModel* model,
                                              const EmbeddingTable* table);

}  // namespace embx::app
