// embx tokenize --tokenizer tokenizer.json (TEXT | --batch FILE) [--json] [--special] [--verbose]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/tokenizer_file.hpp"
#include "core/display_text.hpp"
#include "core/tokenizer/text_chars.hpp"

namespace embx::cli {

namespace {

using ojson = nlohmann::ordered_json;

struct TokenizeArgs {
    std::string tokenizer, text, batch, lines;
    bool json = false, special = false, verbose = false;
    size_t window_bytes = size_t(1) << 20;
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

// Text that may grow past memory: held in a string, moved to a temporary file past 8 MB (the
// ids and tokens of a 100 MB line, written out after its text).
class Spool {
public:
    ~Spool() {
        if (f_) std::fclose(f_);
    }
    bool append(std::string_view s) {
        if (f_) return std::fwrite(s.data(), 1, s.size(), f_) == s.size();
        buf_.append(s.data(), s.size());
        if (buf_.size() < (size_t(8) << 20)) return true;
        f_ = std::tmpfile();
        if (!f_) return false;
        const bool ok = std::fwrite(buf_.data(), 1, buf_.size(), f_) == buf_.size();
        buf_.clear();
        return ok;
    }
    bool copy_to(std::FILE* out) {  // and empty again
        bool ok = true;
        if (f_) {
            std::rewind(f_);
            char block[1 << 16];
            for (size_t n; (n = std::fread(block, 1, sizeof block, f_)) > 0;) ok &= std::fwrite(block, 1, n, out) == n;
            std::fclose(f_);
            f_ = nullptr;
        }
        ok &= std::fwrite(buf_.data(), 1, buf_.size(), out) == buf_.size();
        buf_.clear();
        return ok;
    }

private:
    std::string buf_;
    std::FILE* f_ = nullptr;
};

// One output line {"text", "ids", "tokens"} written as the line's windows are tokenized: the
// text straight out, the ids and token strings spooled until the text is done.
class LineWriter {
public:
    LineWriter(const Tokenizer& tok, bool special, bool raw, size_t window)
        : stream_(tok, special, window), raw_(raw) {
        sink_ = [this](const std::vector<Token>& tokens, std::string_view text) { take(tokens, text); };
        std::fputs("{\"text\":\"", stdout);
    }
    void feed(std::string_view bytes) { stream_.feed(bytes, sink_); }
    bool finish() {
        stream_.finish(sink_);
        std::fputs("\",\"ids\":[", stdout);
        ok_ &= ids_.copy_to(stdout);
        std::fputs("],\"tokens\":[", stdout);
        ok_ &= texts_.copy_to(stdout);
        std::fputs("]}\n", stdout);
        return ok_;
    }
    uint64_t bytes() const { return stream_.bytes_done(); }
    double output_seconds() const { return output_seconds_; }  // spent formatting, not tokenizing

private:
    void take(const std::vector<Token>& tokens, std::string_view text) {
        const auto t0 = std::chrono::steady_clock::now();
        // The text as read (raw lines: invalid UTF-8 as U+FFFD); a window ends before an ASCII
        // byte, so each part decodes as it would inside the whole.
        const std::string shown = dump(ojson(raw_ ? encode_chars(decode_chars(text)) : std::string(text)));
        std::fwrite(shown.data() + 1, 1, shown.size() - 2, stdout);  // without its quotes
        std::string ids, texts;
        for (const Token& t : tokens) {
            ids += (any_ ? "," : "") + std::to_string(t.id);
            texts += (any_ ? "," : "") + dump(ojson(t.text));
            any_ = true;
        }
        ok_ &= ids_.append(ids) && texts_.append(texts);
        output_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }

    TokenStream stream_;
    TokenStream::Sink sink_;
    bool raw_, any_ = false, ok_ = true;
    double output_seconds_ = 0;
    Spool ids_, texts_;
};

// --batch: each line of FILE a JSON string; --lines: each line raw text (invalid UTF-8 read
// as TextDecoder reads it). Each output line {"text", "ids", "tokens"}; empty lines are skipped.
// Raw lines are read in 1 MB blocks and tokenized in windows (TokenStream): a 100 MB line takes
// a few MB of memory, not gigabytes.
int run_batch(const Tokenizer& tok, const TokenizeArgs& a) {
    const bool raw = !a.lines.empty();
    const std::string& path = raw ? a.lines : a.batch;
    std::ifstream in(path, std::ios::binary);
    if (!in) return report_error("cannot open " + path);
    std::error_code ec;
    const uint64_t total = uint64_t(std::filesystem::file_size(path, ec));
    Progress bar("tokenizing " + path, ec ? 0 : total);
    size_t line_no = 0;
    uint64_t bytes = 0, read = 0;
    double seconds = 0;
    const auto timed = [&seconds](const auto& f) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    if (raw) {
        std::vector<char> block(size_t(1) << 20);
        std::unique_ptr<LineWriter> line;
        bool ok = true;
        const auto end_line = [&] {
            if (!line) return;
            timed([&] { ok &= line->finish(); });
            seconds -= line->output_seconds();  // the speed is the tokenizer's
            bytes += line->bytes();
            line.reset();
        };
        while (in.read(block.data(), std::streamsize(block.size())) || in.gcount() > 0) {
            const size_t n = size_t(in.gcount());
            read += n;
            for (size_t i = 0; i < n;) {
                const char* nl = static_cast<const char*>(std::memchr(block.data() + i, '\n', n - i));
                const size_t end = nl ? size_t(nl - block.data()) : n;
                if (end > i) {
                    if (!line) line = std::make_unique<LineWriter>(tok, a.special, true, a.window_bytes);
                    timed([&] { line->feed(std::string_view(block.data() + i, end - i)); });
                }
                if (nl) {
                    ++line_no;
                    end_line();
                }
                i = end + (nl ? 1 : 0);
            }
            bar.update(read);
        }
        if (line) ++line_no;
        end_line();
        bar.finish();
        if (!ok) return report_error("cannot write the output (a temporary file for a long line's tokens failed)");
    } else {
        std::string text_line;
        while (std::getline(in, text_line)) {
            ++line_no;
            read += text_line.size() + 1;
            if (!text_line.empty() && text_line.back() == '\r') text_line.pop_back();
            if (text_line.empty()) continue;
            std::string text;
            try {
                const auto j = nlohmann::json::parse(mend_lone_surrogates(text_line));
                if (!j.is_string()) return report_error(path + ":" + std::to_string(line_no) + ": not a JSON string");
                text = j.get<std::string>();
            } catch (const nlohmann::json::exception& e) {
                return report_error(path + ":" + std::to_string(line_no) + ": not JSON (" + e.what() + ")");
            }
            LineWriter line(tok, a.special, false, a.window_bytes);
            bool ok = true;
            timed([&] {
                line.feed(text);
                ok = line.finish();
            });
            seconds -= line.output_seconds();
            if (!ok) return report_error("cannot write the output (a temporary file for a long line's tokens failed)");
            bytes += text.size();
            bar.update(read);
        }
        bar.finish();
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
    cmd->add_option("--window-bytes", args->window_bytes,
                    "Tokenize long lines in windows of this many bytes (default 1 MiB; the tokens are the same)")
        ->check(CLI::Range(size_t(2048), size_t(1) << 30));
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
