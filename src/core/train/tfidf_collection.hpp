// The Classroom's default TF-IDF collection: ten short documents chosen so the article's
// worked example appears. Document 1 has exactly 100 words (as sklearn_word_tokens counts
// them) with "cat" 5 times, "cat" is in 2 of the 10 documents, so in the textbook variant
// TF = 5/100 = 0.05, IDF = ln(10/2) = 1.61, TF-IDF ≈ 0.08. "number" and "apple" never share a
// document, so their term vectors are orthogonal (the article's "no relationship").
#pragma once

#include <string>
#include <vector>

namespace embx {

const std::vector<std::string>& classroom_tfidf_documents();

// The worked example's document (index) and term.
constexpr size_t kClassroomExampleDocument = 0;
constexpr const char* kClassroomExampleTerm = "cat";

}  // namespace embx
