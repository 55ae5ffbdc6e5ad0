// TF-IDF over a small collection of documents, in the two forms people meet it:
//   textbook:  tf = count / tokens in the document, idf = ln(N / df), no normalisation
//              (the article's example: 5 of 100 tokens, in 2 of 10 documents:
//              0.05 x ln 5 = 0.05 x 1.609 = 0.080);
//   sklearn:   scikit-learn's TfidfVectorizer() defaults: tf = raw count (1 + ln count with
//              sublinear_tf), idf = ln((1 + N) / (1 + df)) + 1 (ln(N / df) + 1 without
//              smooth_idf), each row scaled to unit length (norm l2) or not (norm none).
// Both split documents into words the same way (sklearn_word_tokens). Terms are sorted as
// scikit-learn sorts its vocabulary (by code point, which is the byte order of UTF-8). The
// matrix is stored sparse (a document holds only its own terms), so a large collection costs
// what its text costs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace embx {

enum class TfidfVariant { textbook, sklearn };
enum class TfidfNorm { none, l2 };

struct TfidfOptions {
    TfidfVariant variant = TfidfVariant::sklearn;
    bool sublinear_tf = false;  // sklearn only: tf = 1 + ln(count)
    bool smooth_idf = true;  // sklearn only: idf = ln((1+N)/(1+df)) + 1, else ln(N/df) + 1
    TfidfNorm norm = TfidfNorm::l2;

    // The textbook variant: count / length, ln(N/df), no normalisation.
    static TfidfOptions textbook() { return {TfidfVariant::textbook, false, false, TfidfNorm::none}; }
    // scikit-learn's TfidfVectorizer() defaults.
    static TfidfOptions sklearn() { return {}; }
};

// "textbook" or "scikit-learn TfidfVectorizer (sublinear_tf, smooth_idf, norm=l2)": the
// variant and its switches as a line for a screen or a report.
std::string describe(const TfidfOptions& options);

// Every number behind one cell of the matrix.
struct TfidfCell {
    uint32_t count = 0;  // occurrences of the term in the document
    uint32_t doc_tokens = 0;  // tokens in the document (textbook tf's denominator)
    double tf = 0;
    uint32_t df = 0;  // documents that contain the term
    uint32_t n = 0;  // documents in the collection
    double idf = 0;
    double product = 0;  // tf x idf
    double row_norm = 1;  // the row's l2 norm of products (1 without normalisation)
    double value = 0;  // product / row_norm: the matrix entry
};

class TfidfModel {
public:
    size_t documents() const { return doc_tokens_.size(); }
    size_t terms() const { return terms_.size(); }
    const std::vector<std::string>& term_list() const { return terms_; }
    const std::string& term(size_t t) const { return terms_[t]; }
    // The term's column, or npos when no document has it.
    size_t find_term(std::string_view word) const;
    static constexpr size_t npos = size_t(-1);

    const TfidfOptions& options() const { return options_; }
    uint32_t doc_tokens(size_t d) const { return doc_tokens_[d]; }
    uint32_t count(size_t d, size_t t) const;
    uint32_t df(size_t t) const { return df_[t]; }
    double idf(size_t t) const { return idf_[t]; }
    double tf(size_t d, size_t t) const;
    double value(size_t d, size_t t) const;  // the (normalised) matrix entry
    std::vector<double> row(size_t d) const;  // a document's entries for every term
    std::vector<double> column(size_t t) const;  // a term's entries in every document

    // Cosine of two rows (documents) or two columns (terms) of the matrix; 0 when either is
    // all zeros. The columns are those of the final matrix (after any row normalisation).
    double document_cosine(size_t a, size_t b) const;
    double term_cosine(size_t a, size_t b) const;

    TfidfCell explain(size_t d, size_t t) const;

    // The document's terms with a nonzero entry, highest first (ties by term order), at most k.
    std::vector<size_t> top_terms(size_t d, size_t k) const;

private:
    friend Expected<TfidfModel> build_tfidf(const std::vector<std::string>& documents, const TfidfOptions& options);
    struct Entry {
        uint32_t term, count;
        double value;
    };
    const Entry* find(size_t d, size_t t) const;

    TfidfOptions options_;
    std::vector<std::string> terms_;
    std::vector<uint32_t> doc_tokens_, df_;
    std::vector<double> idf_, row_norm_;
    std::vector<size_t> row_start_;  // documents() + 1 offsets into entries_
    std::vector<Entry> entries_;  // each row sorted by term
};

// Tokenizes each document (valid UTF-8) and computes the matrix. Errors: no documents, or no
// word of two characters in any of them (scikit-learn's "empty vocabulary"). A document
// without words is allowed (an all-zero row).
Expected<TfidfModel> build_tfidf(const std::vector<std::string>& documents, const TfidfOptions& options);

// The cell's formula with its numbers, e.g. for the textbook variant
// "TF = 5/100 = 0.05, IDF = ln(10/2) = 1.61, TF-IDF = 0.05 × 1.61 ≈ 0.08".
std::string explain_formula(const TfidfCell& cell, const TfidfOptions& options);

}  // namespace embx
