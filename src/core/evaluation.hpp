// Word-analogy and word-similarity evaluation with gensim's semantics
// (KeyedVectors.evaluate_word_analogies / evaluate_word_pairs), so accuracies are comparable:
//  - only the first `restrict_vocab` rows are used; words are compared upper-cased
//    (case_insensitive=True, ASCII letters) and the most frequent casing wins;
//  - a question with any word outside that vocabulary is skipped and counted as OOV;
//  - analogies: a:b :: c:? is answered by most_similar(positive=[b, c], negative=[a]) (or
//    3CosMul) over the restricted rows, top 5, taking the first answer that is not a, b or c
//    in any casing;
//  - pairs: Pearson and Spearman between the gold scores and cosine similarities, plus the
//    OOV ratio in percent.
// The files' text is passed in (core does no I/O).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/queries.hpp"
#include "core/status.hpp"

namespace embx {

struct AnalogySection {
    std::string name;
    size_t correct = 0, incorrect = 0;
    double accuracy() const { return correct + incorrect ? double(correct) / double(correct + incorrect) : 0.0; }
};

struct AnalogyReport {
    std::vector<AnalogySection> sections;  // in file order
    AnalogySection total{"Total accuracy"};
    size_t questions = 0;       // well-formed question lines
    size_t oov_questions = 0;   // skipped: a word outside the restricted vocabulary
    size_t invalid_lines = 0;   // lines that are not 4 words (skipped, like gensim)
};

struct AnalogyOptions {
    size_t restrict_vocab = 300000;
    QueryMethod method = QueryMethod::Add;
    bool case_insensitive = true;
    const kernels::KernelSet* kernels = nullptr;
};

Expected<AnalogyReport> evaluate_analogies(const EmbeddingTable& table, std::string_view questions_text,
                                           const AnalogyOptions& opt);

struct PairsReport {
    double pearson = 0, spearman = 0;
    double oov_ratio = 0;  // percent, as gensim reports it
    size_t pairs = 0, oov = 0, invalid_lines = 0;
};

Expected<PairsReport> evaluate_pairs(const EmbeddingTable& table, std::string_view pairs_text,
                                     size_t restrict_vocab = 300000, bool case_insensitive = true);

}  // namespace embx
