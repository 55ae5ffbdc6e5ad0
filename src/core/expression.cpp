#include "core/expression.hpp"

#include <cctype>
#include <cstdlib>

namespace embx {

namespace {

enum class TokKind { Word, Plus, Minus, Weight };

struct Token {
    TokKind kind;
    std::string text;
    float weight = 1;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A whole string that is a plain decimal number ("0.5", "2", "-1.5e0").
bool parse_number(std::string_view s, float& out) {
    if (s.empty() || s.size() > 32) return false;
    std::string tmp(s);
    char* end = nullptr;
    const float v = std::strtof(tmp.c_str(), &end);
    if (end != tmp.c_str() + tmp.size()) return false;
    if (!(v == v) || v > 1e30f || v < -1e30f) return false;
    out = v;
    return true;
}

// Splits an unspaced run such as "italy-rome+london" into words and operators.
void split_run(std::string_view run, const std::function<bool(std::string_view)>& is_word,
               std::vector<Token>& out) {
    while (!run.empty()) {
        if (run[0] == '+' || run[0] == '-') {
            out.push_back({run[0] == '+' ? TokKind::Plus : TokKind::Minus, std::string(1, run[0])});
            run.remove_prefix(1);
            continue;
        }
        // "0.5*king": a weight prefix.
        const size_t star = run.find('*');
        if (star != std::string_view::npos) {
            float w;
            if (parse_number(run.substr(0, star), w)) {
                out.push_back({TokKind::Weight, std::string(run.substr(0, star)), w});
                run.remove_prefix(star + 1);
                continue;
            }
        }
        // Longest prefix ending at an operator boundary (or the end) that is a known word.
        size_t take = std::string_view::npos;
        for (size_t end = run.size(); end > 0; --end) {
            const bool boundary = end == run.size() || run[end] == '+' || run[end] == '-';
            if (boundary && is_word(run.substr(0, end))) {
                take = end;
                break;
            }
        }
        if (take == std::string_view::npos) {  // unknown: cut at the first operator
            take = run.find_first_of("+-");
            if (take == std::string_view::npos) take = run.size();
        }
        out.push_back({TokKind::Word, std::string(run.substr(0, take))});
        run.remove_prefix(take);
    }
}

Expected<std::vector<Token>> tokenize(std::string_view s, const std::function<bool(std::string_view)>& is_word) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < s.size()) {
        if (is_space(s[i])) {
            ++i;
            continue;
        }
        if (s[i] == '\'' || s[i] == '"') {
            const char q = s[i];
            const size_t close = s.find(q, i + 1);
            if (close == std::string_view::npos)
                return Error{"unclosed quote " + std::string(1, q) + " at position " + std::to_string(i + 1)};
            out.push_back({TokKind::Word, std::string(s.substr(i + 1, close - i - 1))});
            i = close + 1;
            continue;
        }
        if (s[i] == '*') {  // "0.5 * king": the weight is the previous token
            if (out.empty() || out.back().kind != TokKind::Word)
                return Error{"'*' must follow a number, as in 0.5*king"};
            float w;
            if (!parse_number(out.back().text, w))
                return Error{"'" + out.back().text + "' before '*' is not a number"};
            out.back() = {TokKind::Weight, out.back().text, w};
            ++i;
            continue;
        }
        size_t end = i;
        while (end < s.size() && !is_space(s[end]) && s[end] != '\'' && s[end] != '"') ++end;
        std::string_view run = s.substr(i, end - i);
        if (run == "+" || run == "-") {  // a lone sign is always an operator ('-' quotes the token)
            out.push_back({run == "+" ? TokKind::Plus : TokKind::Minus, std::string(run)});
        } else if (run.back() == '*') {  // "0.5* king"
            float w;
            if (!parse_number(run.substr(0, run.size() - 1), w))
                return Error{"'" + std::string(run.substr(0, run.size() - 1)) + "' before '*' is not a number"};
            out.push_back({TokKind::Weight, std::string(run), w});
        } else if (is_word(run)) {
            out.push_back({TokKind::Word, std::string(run)});
        } else {
            split_run(run, is_word, out);
        }
        i = end;
    }
    return out;
}

}  // namespace

Expected<std::vector<ExpressionTerm>> parse_expression(std::string_view text,
                                                       const std::function<bool(std::string_view)>& is_word) {
    auto tokens = tokenize(text, is_word);
    if (!tokens) return Error{tokens.error()};
    std::vector<ExpressionTerm> terms;
    float sign = 1, weight = 1;
    bool have_sign = false, have_weight = false;
    for (const Token& t : *tokens) {
        switch (t.kind) {
            case TokKind::Plus:
            case TokKind::Minus:
                if (have_sign || have_weight)
                    return Error{"two operators in a row before '" + t.text + "'"};
                sign = t.kind == TokKind::Minus ? -1.0f : 1.0f;
                have_sign = true;
                break;
            case TokKind::Weight:
                if (have_weight) return Error{"two weights in a row ('" + t.text + "')"};
                weight = t.weight;
                have_weight = true;
                break;
            case TokKind::Word:
                if (!terms.empty() && !have_sign)
                    return Error{"expected + or - between '" + terms.back().word + "' and '" + t.text + "'"};
                if (t.text.empty()) return Error{"empty word ('' or \"\")"};
                terms.push_back({t.text, sign * weight});
                sign = weight = 1;
                have_sign = have_weight = false;
                break;
        }
    }
    if (have_sign || have_weight) {
        if (terms.empty()) return Error{"the expression has an operator but no word"};
        return Error{"the expression ends with an operator: add a word after it"};
    }
    if (terms.empty()) return Error{"empty expression: type words joined by + and -, e.g. king - man + woman"};
    return terms;
}

}  // namespace embx
