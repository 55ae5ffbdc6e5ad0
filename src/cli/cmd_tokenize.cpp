// embx tokenize --tokenizer tokenizer.json (TEXT | --batch FILE) [--json] [--special] [--verbose]
#include <chrono>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/tokenizer_file.hpp"
#include "core/display_text.hpp"
#include "core/tokenizer/text_chars.hpp"

namespace embx::cli {

namespace {

using ojson = nlohmann::ordered_json;

struct TokenizeArgs {
    std::string tokenizer, text, batch, lines;
    bool json = false, special = false, verbose = false;
};

std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

int hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

// A JSON line with lone surrogate escapes ("\ud800" without its pair) made \ufffd, which is
// what the text becomes once encoded as UTF-8 (JavaScript's TextEncoder does the same).
std::string mend_lone_surrogates(const std::string& line) {
    std::string out;
    out.reserve(line.size());
    const auto unit_at = [&](size_t i) -> int {  // the \uXXXX at i, or -1
        if (i + 6 > line.size() || line[i] != '\\' || line[i + 1] != 'u') return -1;
        int v = 0;
        for (size_t k = 2; k < 6; ++k) {
            const int d = hex_digit(line[i + k]);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    };
    for (size_t i = 0; i < line.size();) {
        if (line[i] != '\\' || i + 1 >= line.size()) {
            out += line[i++];
            continue;
        }
        const int u = unit_at(i);
        if (u >= 0xD800 && u <= 0xDBFF) {
            const int low = unit_at(i + 6);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                out.append(line, i, 12);
                i += 12;
            } else {
                out += "\\ufffd";
                i += 6;
            }
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            out += "\\ufffd";
            i += 6;
        } else {
            out.append(line, i, 2);  // any other escape, kept whole (so "\\u..." stays text)
            i += 2;
        }
    }
    return out;
}

ojson token_list(const std::vector<Token>& tokens, bool with_ids) {
    ojson out = ojson::array();
    for (const Token& t : tokens) {
        if (with_ids) out.push_back(t.id);
        else out.push_back(t.text);
    }
    return out;
}

// --batch: each line of FILE a JSON string; --lines: each line raw text (invalid UTF-8 read
// as TextDecoder reads it). Each output line {"text", "ids", "tokens"}; empty lines are skipped.
int run_batch(const Tokenizer& tok, const TokenizeArgs& a) {
    const bool raw = !a.lines.empty();
    const std::string& path = raw ? a.lines : a.batch;
    std::ifstream in(path, std::ios::binary);
    if (!in) return report_error("cannot open " + path);
    std::string line;
    size_t line_no = 0, bytes = 0;
    double seconds = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!raw && !line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::string text = raw ? line : std::string();
        if (!raw) try {
            const auto j = nlohmann::json::parse(mend_lone_surrogates(line));
            if (!j.is_string()) return report_error(path + ":" + std::to_string(line_no) + ": not a JSON string");
            text = j.get<std::string>();
        } catch (const nlohmann::json::exception& e) {
            return report_error(path + ":" + std::to_string(line_no) + ": not JSON (" + e.what() + ")");
        }
        const auto t0 = std::chrono::steady_clock::now();
        const std::vector<Token> tokens = tok.encode(text, a.special);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        bytes += text.size();
        ojson out = ojson::object();
        out["text"] = raw ? encode_chars(decode_chars(text)) : text;
        out["ids"] = token_list(tokens, true);
        out["tokens"] = token_list(tokens, false);
        std::printf("%s\n", dump(out).c_str());
    }
    if (a.verbose && seconds > 0)
        report_note(std::to_string(line_no) + " lines, " + std::to_string(bytes) + " bytes, " +
                    std::to_string(bytes / seconds / 1e6) + " MB/s (tokenizing only)");
    return 0;
}

int run_tokenize(const TokenizeArgs& a) {
    auto tok = load_tokenizer(a.tokenizer, a.verbose);
    if (!tok) return report_error(tok.error());
    if (!a.batch.empty() || !a.lines.empty()) return run_batch(*tok, a);
    const std::vector<Token> tokens = tok->encode(a.text, a.special);
    if (a.json) {
        ojson out = ojson::array();
        for (const Token& t : tokens)
            out.push_back({{"id", t.id}, {"token", t.text}, {"begin", t.begin}, {"end", t.end}});
        std::printf("%s\n", dump(out).c_str());
        return 0;
    }
    // One token a line: id, the vocabulary string, and the input bytes it stands for (escaped,
    // so partial UTF-8 and newlines stay visible).
    for (const Token& t : tokens)
        std::printf("%8u  %-20s  %s\n", t.id, escape_for_display(t.text).c_str(),
                    escape_for_display(a.text.substr(t.begin, t.end - t.begin)).c_str());
    return 0;
}

}  // namespace

void add_tokenize_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<TokenizeArgs>();
    CLI::App* cmd = app.add_subcommand(
        "tokenize", "Token ids of TEXT with a Hugging Face tokenizer.json (byte-level BPE, BPE with byte fallback, WordPiece)");
    cmd->add_option("--tokenizer", args->tokenizer, "Hugging Face tokenizer.json")->required();
    auto* text = cmd->add_option("text", args->text, "Text to tokenize");
    auto* batch = cmd->add_option("--batch", args->batch,
                                  "File with one JSON string a line; prints {\"text\", \"ids\", \"tokens\"} a line");
    auto* lines = cmd->add_option("--lines", args->lines,
                                  "Raw text file, one text a line (invalid UTF-8 reads as U+FFFD); output as --batch");
    text->excludes(batch);
    text->excludes(lines);
    batch->excludes(lines);
    cmd->add_flag("--json", args->json, "Print [{\"id\", \"token\", \"begin\", \"end\"}, ...] (byte offsets in TEXT)");
    cmd->add_flag("--special", args->special, "Add the special tokens the post-processor asks for (BOS, [CLS] ... [SEP])");
    cmd->add_flag("--verbose", args->verbose, "Print the tokenizer's notes (size, merges) and, with --batch, its speed");
    cmd->callback([args, text, batch, lines, &exit_code] {
        if (text->count() == 0 && batch->count() == 0 && lines->count() == 0) {
            exit_code = report_error("tokenize: give TEXT, --batch FILE or --lines FILE");
            return;
        }
        exit_code = run_tokenize(*args);
    });
}

}  // namespace embx::cli
