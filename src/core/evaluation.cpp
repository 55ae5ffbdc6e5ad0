#include "core/evaluation.hpp"

#include <array>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "core/batch_scorer.hpp"
#include "core/search.hpp"
#include "core/stats.hpp"

namespace embx {

namespace {

std::string fold_upper(std::string_view s, bool fold) {
    std::string out(s);
    if (fold)
        for (char& c : out)
            if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return out;
}

// gensim's ok_vocab: restricted rows keyed by (upper-cased) word; the most frequent row wins.
class RestrictedVocab {
public:
    RestrictedVocab(const EmbeddingTable& t, size_t restrict, bool fold) : fold_(fold) {
        const size_t n = std::min(restrict ? restrict : t.rows(), t.rows());
        map_.reserve(n);
        for (size_t r = 0; r < n; ++r) map_.emplace(fold_upper(t.word(r), fold), uint32_t(r));
    }
    const uint32_t* find(const std::string& key) const {
        auto it = map_.find(key);
        return it == map_.end() ? nullptr : &it->second;
    }
    std::string key(std::string_view w) const { return fold_upper(w, fold_); }

private:
    bool fold_;
    std::unordered_map<std::string, uint32_t> map_;
};

// Python's str.split(): runs of whitespace separate, empty fields dropped.
std::vector<std::string_view> split_ws(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f')) ++i;
        size_t j = i;
        while (j < s.size() && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\v' || s[j] == '\f')) ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

template <typename F>
void for_each_line(std::string_view text, F&& f) {
    size_t line_no = 0;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        f(line, line_no++);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
}

std::string_view strip(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

struct Question {
    size_t section;
    uint32_t a, b, c;
    std::string A, B, C, expected;  // folded
};

// 3CosMul for many questions. Its score combines the cosines of a row to a, b and c, and the
// questions use few distinct words (905 in questions-words.txt for 19,544 questions): each
// tile of rows is scored once against every distinct word, then each question's scores are
// combined from those.
std::vector<std::vector<Hit>> cosmul_batch(const EmbeddingTable& t, const std::vector<Question>& qs, size_t k,
                                           size_t restrict, const kernels::KernelSet& ks) {
    std::vector<PreparedQuery> prep;
    std::unordered_map<uint32_t, size_t> slot;  // row -> index in prep
    std::vector<std::array<size_t, 3>> abc;
    abc.reserve(qs.size());
    for (const auto& q : qs) {
        std::array<size_t, 3> idx{};
        const uint32_t words[3] = {q.a, q.b, q.c};
        for (size_t w = 0; w < 3; ++w) {
            auto [it, added] = slot.emplace(words[w], prep.size());
            if (added) {
                auto p = PreparedQuery::make(t, unit_row(t, words[w]).data());
                prep.push_back(p ? std::move(*p) : PreparedQuery());
            }
            idx[w] = it->second;
        }
        abc.push_back(idx);
    }
    const size_t rows = std::min(restrict ? restrict : t.rows(), t.rows());
    BatchScorer scorer(t, prep, ks);
    std::vector<TopK> tops(qs.size(), TopK(k));
    std::vector<std::vector<uint32_t>> inputs;  // never answers
    inputs.reserve(qs.size());
    for (const auto& q : qs) inputs.push_back({q.a, q.b, q.c});
    constexpr size_t kTile = BatchScorer::kTileRows;
    std::vector<float> cos(prep.size() * kTile);  // word u's cosines at cos[u * kTile]
    float s[kTile];
    for (size_t r0 = 0; r0 < rows; r0 += kTile) {
        const size_t n = std::min(kTile, rows - r0);
        scorer.load_tile(r0, n);
        for (size_t u = 0; u < prep.size(); ++u) scorer.cosines(u, -INFINITY, cos.data() + u * kTile);
        for (size_t i = 0; i < qs.size(); ++i) {
            const float* ca = cos.data() + abc[i][0] * kTile;
            const float* cb = cos.data() + abc[i][1] * kTile;
            const float* cc = cos.data() + abc[i][2] * kTile;
            for (size_t j = 0; j < n; ++j) s[j] = ((1 + cb[j]) / 2) * ((1 + cc[j]) / 2) / ((1 + ca[j]) / 2 + 1e-6f);
            collect_scores(s, r0, n, inputs[i], tops[i]);
        }
    }
    std::vector<std::vector<Hit>> out;
    for (const auto& top : tops) out.push_back(top.sorted());
    return out;
}

}  // namespace

Expected<AnalogyReport> evaluate_analogies(const EmbeddingTable& table, std::string_view text,
                                           const AnalogyOptions& opt) {
    const RestrictedVocab vocab(table, opt.restrict_vocab, opt.case_insensitive);
    AnalogyReport rep;
    std::vector<Question> qs;
    std::string error;
    for_each_line(text, [&](std::string_view line, size_t line_no) {
        if (!error.empty()) return;
        if (line.substr(0, 2) == ": ") {
            size_t i = 0;
            while (i < line.size() && (line[i] == ':' || line[i] == ' ')) ++i;  // lstrip(': ')
            rep.sections.push_back({std::string(strip(line.substr(i)))});
            return;
        }
        const auto words = split_ws(line);
        if (rep.sections.empty()) {
            if (!words.empty()) error = "line " + std::to_string(line_no + 1) + ": question before the first ': section' header";
            return;
        }
        if (words.size() != 4) {
            ++rep.invalid_lines;
            return;
        }
        ++rep.questions;
        Question q{rep.sections.size() - 1, 0, 0, 0, vocab.key(words[0]), vocab.key(words[1]), vocab.key(words[2]),
                   vocab.key(words[3])};
        const uint32_t *a = vocab.find(q.A), *b = vocab.find(q.B), *c = vocab.find(q.C);
        if (!a || !b || !c || !vocab.find(q.expected)) {
            ++rep.oov_questions;
            return;
        }
        q.a = *a;
        q.b = *b;
        q.c = *c;
        qs.push_back(std::move(q));
    });
    if (!error.empty()) return Error{error};
    if (rep.sections.empty()) return Error{"no ': section' header found: is this an analogy file?"};

    const kernels::KernelSet& ks = opt.kernels ? *opt.kernels : kernels::best_kernels();
    constexpr size_t kTop = 5;  // gensim asks most_similar for topn=5
    std::vector<std::vector<Hit>> answers;
    if (opt.method == QueryMethod::Add) {
        std::vector<float> queries(qs.size() * table.dims());
        std::vector<std::vector<uint32_t>> excludes;
        excludes.reserve(qs.size());
        for (size_t i = 0; i < qs.size(); ++i) {
            const auto va = unit_row(table, qs[i].a), vb = unit_row(table, qs[i].b), vc = unit_row(table, qs[i].c);
            float* q = queries.data() + i * table.dims();
            for (size_t d = 0; d < table.dims(); ++d) q[d] = vb[d] + vc[d] - va[d];
            excludes.push_back({qs[i].a, qs[i].b, qs[i].c});
        }
        auto r = nearest_batch(table, queries.data(), qs.size(), kTop, opt.restrict_vocab, excludes, &ks);
        if (!r) return Error{r.error()};
        answers = std::move(*r);
    } else {
        answers = cosmul_batch(table, qs, kTop, opt.restrict_vocab, ks);
    }

    for (size_t i = 0; i < qs.size(); ++i) {
        const Question& q = qs[i];
        std::string predicted;
        for (const Hit& h : answers[i]) {
            predicted = vocab.key(table.word(h.row));
            if (predicted != q.A && predicted != q.B && predicted != q.C) break;
        }
        AnalogySection& s = rep.sections[q.section];
        if (predicted == q.expected) ++s.correct;
        else ++s.incorrect;
    }
    for (const auto& s : rep.sections) {
        rep.total.correct += s.correct;
        rep.total.incorrect += s.incorrect;
    }
    return rep;
}

Expected<PairsReport> evaluate_pairs(const EmbeddingTable& table, std::string_view text, size_t restrict_vocab,
                                     bool case_insensitive) {
    const RestrictedVocab vocab(table, restrict_vocab, case_insensitive);
    PairsReport rep;
    std::vector<double> gold, model;
    for_each_line(text, [&](std::string_view line, size_t) {
        if (line.empty() || line[0] == '#') return;
        std::vector<std::string_view> f;
        size_t start = 0;
        for (size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
            f.push_back(line.substr(start, tab - start));
        f.push_back(line.substr(start));
        if (f.size() != 3) {
            ++rep.invalid_lines;
            return;
        }
        const std::string score(strip(f[2]));
        char* end = nullptr;
        const double sim = std::strtod(score.c_str(), &end);
        if (score.empty() || end != score.c_str() + score.size()) {
            ++rep.invalid_lines;
            return;
        }
        const uint32_t* a = vocab.find(vocab.key(f[0]));
        const uint32_t* b = vocab.find(vocab.key(f[1]));
        if (!a || !b) {
            ++rep.oov;
            return;
        }
        const auto va = unit_row(table, *a), vb = unit_row(table, *b);
        double d = 0;
        for (size_t i = 0; i < va.size(); ++i) d += double(va[i]) * vb[i];
        gold.push_back(sim);
        model.push_back(d);
    });
    rep.pairs = gold.size();
    if (rep.pairs < 2) return Error{"fewer than two usable word pairs (is this a tab-separated pairs file?)"};
    rep.pearson = pearson(gold, model);
    rep.spearman = spearman(gold, model);
    rep.oov_ratio = 100.0 * double(rep.oov) / double(rep.pairs + rep.oov);
    return rep;
}

}  // namespace embx
