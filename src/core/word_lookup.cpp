#include "core/word_lookup.hpp"

#include <algorithm>

#include "core/display_text.hpp"

namespace embx {

namespace {

// Levenshtein distance with an early exit once every path exceeds `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit) {
    if (int(a.size()) - int(b.size()) > limit || int(b.size()) - int(a.size()) > limit) return limit + 1;
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = int(j);
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        int best = cur[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            const int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
            best = std::min(best, cur[j]);
        }
        if (best > limit) return limit + 1;
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

std::vector<std::string> spelling_suggestions(const EmbeddingTable& table, std::string_view word,
                                              size_t max, size_t scan_rows) {
    struct Candidate {
        int distance;
        uint32_t row;
    };
    std::vector<Candidate> found;
    const size_t rows = scan_rows ? std::min(scan_rows, table.rows()) : table.rows();
    const int limit = word.size() <= 3 ? 1 : 2;
    for (size_t r = 0; r < rows; ++r) {
        const int d = edit_distance(word, table.word(r), limit);
        if (d <= limit) found.push_back({d, uint32_t(r)});
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Candidate& x, const Candidate& y) { return x.distance < y.distance; });
    std::vector<std::string> out;
    for (size_t i = 0; i < found.size() && out.size() < max; ++i) out.emplace_back(table.word(found[i].row));
    return out;
}

std::string unknown_word_message(const EmbeddingTable& table, std::string_view word) {
    std::string msg = "unknown word '" + std::string(word) + "'";
    const auto hints = spelling_suggestions(table, word);
    if (!hints.empty()) {
        msg += " (did you mean ";
        for (size_t i = 0; i < hints.size(); ++i) msg += (i ? ", '" : "'") + hints[i] + "'";
        msg += "?)";
    }
    if (!table.complete())
        msg += "; only " + std::to_string(table.rows()) + " of " +
               std::to_string(table.info().expected_rows) + " words are loaded so far";
    return msg;
}

std::optional<uint64_t> parse_row_id(std::string_view word) {
    if (word.size() < 2 || word.size() > 11 || word[0] != '#') return std::nullopt;
    uint64_t v = 0;
    for (char c : word.substr(1)) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + uint64_t(c - '0');
    }
    return v;
}

Expected<WordMatch> resolve_word(const EmbeddingTable& table, std::string_view word) {
    if (word.empty()) return Error{"empty query: type a word"};
    if (auto id = table.vocab().find(word)) return WordMatch{*id, true};
    if (auto id = table.vocab().find_folded(word)) return WordMatch{*id, false};
    // A word as the UI and the API show it ("tab\x09bell", "evil\u202Etxt"): its bytes.
    if (auto raw = unescape_display(word))
        if (auto id = table.vocab().find(*raw)) return WordMatch{*id, true};
    // "#5835": a row by its number (a token id), when no word is spelled that way.
    if (auto id = parse_row_id(word)) {
        if (*id < table.rows()) return WordMatch{uint32_t(*id), true};
        return Error{"row " + std::string(word) + " is past the table's " + std::to_string(table.rows()) + " rows" +
                     (table.complete() ? "" : " loaded so far") + " (ids start at #0)"};
    }
    return Error{unknown_word_message(table, word)};
}

}  // namespace embx
