#include "core/train/tfidf.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "core/tokenizer/sklearn_words.hpp"

namespace embx {

namespace {

// Two significant digits below 1 ("0.05", "0.08"), two decimals above ("1.61", "11.50").
std::string num(double x) {
    char buf[32];
    if (x == std::floor(x) && std::abs(x) < 1e9) std::snprintf(buf, sizeof buf, "%.0f", x);
    else if (std::abs(x) >= 1) std::snprintf(buf, sizeof buf, "%.2f", x);
    else std::snprintf(buf, sizeof buf, "%.2g", x);
    return buf;
}

// " = 2" when the shown number is the value, " ≈ 0.08" when it is rounded.
std::string equals(double x) {
    const std::string shown = num(x);
    return (std::strtod(shown.c_str(), nullptr) == x ? " = " : " ≈ ") + shown;
}

double norm_of(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x * x;
    return std::sqrt(s);
}

double cosine(const std::vector<double>& a, const std::vector<double>& b) {
    double dot = 0;
    for (size_t i = 0; i < a.size(); ++i) dot += a[i] * b[i];
    const double na = norm_of(a), nb = norm_of(b);
    return na > 0 && nb > 0 ? dot / (na * nb) : 0;
}

}  // namespace

std::string describe(const TfidfOptions& o) {
    if (o.variant == TfidfVariant::textbook)
        return o.norm == TfidfNorm::l2 ? "textbook (count/length, ln(N/df)), rows l2-normalised"
                                       : "textbook (count/length, ln(N/df))";
    std::string s = "scikit-learn TfidfVectorizer (";
    if (o.sublinear_tf) s += "sublinear_tf, ";
    s += o.smooth_idf ? "smooth_idf, " : "smooth_idf=False, ";
    s += o.norm == TfidfNorm::l2 ? "norm=l2)" : "norm=None)";
    return s;
}

Expected<TfidfModel> build_tfidf(const std::vector<std::string>& documents, const TfidfOptions& options) {
    if (documents.empty()) return Error{"no documents: the collection is empty"};
    // Each document's word counts; the vocabulary sorted by byte (= code point) order.
    std::vector<std::map<std::string, uint32_t>> counts(documents.size());
    std::map<std::string, uint32_t> df;
    TfidfModel m;
    m.options_ = options;
    m.doc_tokens_.resize(documents.size());
    for (size_t d = 0; d < documents.size(); ++d) {
        const std::vector<std::string> words = sklearn_word_tokens(documents[d]);
        m.doc_tokens_[d] = uint32_t(words.size());
        for (const std::string& w : words) ++counts[d][w];
        for (const auto& kv : counts[d]) ++df[kv.first];
    }
    if (df.empty()) return Error{"empty vocabulary: no document has a word of two or more letters or digits"};
    std::map<std::string, uint32_t> index;
    for (const auto& kv : df) {
        index.emplace(kv.first, uint32_t(m.terms_.size()));
        m.terms_.push_back(kv.first);
        m.df_.push_back(kv.second);
    }
    const double n = double(documents.size());
    for (uint32_t f : m.df_) {
        const double dff = double(f);
        double idf;
        if (options.variant == TfidfVariant::textbook) idf = std::log(n / dff);
        else if (options.smooth_idf) idf = std::log((1 + n) / (1 + dff)) + 1;
        else idf = std::log(n / dff) + 1;
        m.idf_.push_back(idf);
    }
    m.row_start_.push_back(0);
    for (size_t d = 0; d < documents.size(); ++d) {
        double sq = 0;
        const size_t first = m.entries_.size();
        for (const auto& kv : counts[d]) {  // std::map: already in term order
            const uint32_t t = index[kv.first];
            m.entries_.push_back(TfidfModel::Entry{t, kv.second, 0});  // value: once the row is complete
        }
        m.row_start_.push_back(m.entries_.size());
        for (size_t i = first; i < m.entries_.size(); ++i) {
            TfidfModel::Entry& e = m.entries_[i];
            e.value = m.tf(d, e.term) * m.idf_[e.term];
            sq += e.value * e.value;
        }
        const double norm = options.norm == TfidfNorm::l2 && sq > 0 ? std::sqrt(sq) : 1;
        m.row_norm_.push_back(norm);
        for (size_t i = first; i < m.entries_.size(); ++i) m.entries_[i].value /= norm;
    }
    return m;
}

const TfidfModel::Entry* TfidfModel::find(size_t d, size_t t) const {
    const Entry* first = entries_.data() + row_start_[d];
    const Entry* last = entries_.data() + row_start_[d + 1];
    const Entry* it = std::lower_bound(first, last, t, [](const Entry& e, size_t term) { return e.term < term; });
    return it != last && it->term == t ? it : nullptr;
}

size_t TfidfModel::find_term(std::string_view word) const {
    const auto it = std::lower_bound(terms_.begin(), terms_.end(), word,
                                     [](const std::string& a, std::string_view b) { return std::string_view(a) < b; });
    return it != terms_.end() && *it == word ? size_t(it - terms_.begin()) : npos;
}

uint32_t TfidfModel::count(size_t d, size_t t) const {
    const Entry* e = find(d, t);
    return e ? e->count : 0;
}

double TfidfModel::tf(size_t d, size_t t) const {
    const uint32_t c = count(d, t);
    if (c == 0) return 0;
    if (options_.variant == TfidfVariant::textbook) return double(c) / double(doc_tokens_[d]);
    return options_.sublinear_tf ? 1 + std::log(double(c)) : double(c);
}

double TfidfModel::value(size_t d, size_t t) const {
    const Entry* e = find(d, t);
    return e ? e->value : 0;
}

std::vector<double> TfidfModel::row(size_t d) const {
    std::vector<double> r(terms(), 0.0);
    for (size_t i = row_start_[d]; i < row_start_[d + 1]; ++i) r[entries_[i].term] = entries_[i].value;
    return r;
}

std::vector<double> TfidfModel::column(size_t t) const {
    std::vector<double> c(documents(), 0.0);
    for (size_t d = 0; d < documents(); ++d) c[d] = value(d, t);
    return c;
}

double TfidfModel::document_cosine(size_t a, size_t b) const { return cosine(row(a), row(b)); }

double TfidfModel::term_cosine(size_t a, size_t b) const { return cosine(column(a), column(b)); }

TfidfCell TfidfModel::explain(size_t d, size_t t) const {
    TfidfCell c;
    c.count = count(d, t);
    c.doc_tokens = doc_tokens_[d];
    c.tf = tf(d, t);
    c.df = df_[t];
    c.n = uint32_t(documents());
    c.idf = idf_[t];
    c.product = c.tf * c.idf;
    c.row_norm = row_norm_[d];
    c.value = value(d, t);
    return c;
}

std::vector<size_t> TfidfModel::top_terms(size_t d, size_t k) const {
    std::vector<const Entry*> row;
    for (size_t i = row_start_[d]; i < row_start_[d + 1]; ++i)
        if (entries_[i].value != 0) row.push_back(&entries_[i]);
    std::stable_sort(row.begin(), row.end(), [](const Entry* a, const Entry* b) { return a->value > b->value; });
    std::vector<size_t> out;
    for (size_t i = 0; i < row.size() && i < k; ++i) out.push_back(row[i]->term);
    return out;
}

std::string explain_formula(const TfidfCell& c, const TfidfOptions& o) {
    const bool textbook = o.variant == TfidfVariant::textbook;
    std::string s = "TF = ";
    if (textbook) s += std::to_string(c.count) + "/" + std::to_string(c.doc_tokens) + " = " + num(c.tf);
    else if (o.sublinear_tf && c.count > 0) s += "1 + ln " + std::to_string(c.count) + " = " + num(c.tf);
    else s += std::to_string(c.count) + " (count)";
    s += ", IDF = ";
    const std::string n = std::to_string(c.n), df = std::to_string(c.df);
    if (textbook) s += "ln(" + n + "/" + df + ")";
    else if (o.smooth_idf) s += "ln((1+" + n + ")/(1+" + df + ")) + 1";
    else s += "ln(" + n + "/" + df + ") + 1";
    s += " = " + num(c.idf);
    const bool normalised = o.norm == TfidfNorm::l2 && c.row_norm != 1;
    s += ", TF-IDF = " + num(c.tf) + " × " + num(c.idf) + equals(c.product);
    if (normalised) s += ", ÷ row length " + num(c.row_norm) + equals(c.value);
    return s;
}

}  // namespace embx
