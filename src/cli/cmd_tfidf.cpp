// embx tfidf FILE... [--lines] [--textbook] [--sublinear-tf] [--no-smooth-idf] [--norm l2|none]
//                    [--json] [--top K] [--example]
// Each file is a document (with --lines: each non-blank line of each file). --example uses the
// Classroom's default collection (the article's worked example) instead of files.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/display_text.hpp"
#include "core/tokenizer/unicode_text.hpp"
#include "core/train/tfidf.hpp"
#include "core/train/tfidf_collection.hpp"
#include "io/whole_file.hpp"

namespace embx::cli {

namespace {

using ojson = nlohmann::ordered_json;

struct TfidfArgs {
    std::vector<std::string> files;
    std::string norm;  // empty: the variant's default (none for textbook, l2 for scikit-learn)
    bool textbook = false, sublinear_tf = false, no_smooth_idf = false, lines = false, json = false;
    bool example = false;
    int top = 8;
};

struct Collection {
    std::vector<std::string> names, texts;
};

bool blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f') return false;
    return true;
}

// Reads the files as documents; every error names the file (and for bad UTF-8 the byte and line).
Expected<Collection> read_collection(const TfidfArgs& a) {
    Collection c;
    for (const std::string& path : a.files) {
        auto text = io::read_whole_file(path);
        if (!text) return Error{text.error()};
        const std::string& t = *text;
        const size_t bad = first_invalid_utf8(t);
        if (bad != std::string_view::npos) {
            size_t line = 1;
            for (size_t i = 0; i < bad; ++i) line += t[i] == '\n';
            return Error{path + ": byte " + std::to_string(bad) + " (line " + std::to_string(line) +
                         "): not valid UTF-8 (documents must be UTF-8 text)"};
        }
        const size_t start = t.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a byte order mark
        if (!a.lines) {
            c.names.push_back(path);
            c.texts.push_back(t.substr(start));
            continue;
        }
        size_t line = 0;
        for (size_t i = start; i < t.size();) {
            size_t end = t.find('\n', i);
            if (end == std::string::npos) end = t.size();
            ++line;
            std::string_view s(t.data() + i, end - i);
            if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
            if (!blank(s)) {
                c.names.push_back(path + ":" + std::to_string(line));
                c.texts.emplace_back(s);
            }
            i = end + 1;
        }
    }
    return c;
}

int run_tfidf(const TfidfArgs& a) {
    if (a.example && !a.files.empty()) return report_error("give document files or --example, not both");
    if (!a.example && a.files.empty()) return report_error("no documents: give document files or --example");
    if (a.norm != "" && a.norm != "l2" && a.norm != "none")
        return report_error("--norm must be l2 or none, got '" + a.norm + "'");
    if (a.textbook && (a.sublinear_tf || a.no_smooth_idf))
        return report_error("--sublinear-tf and --no-smooth-idf are scikit-learn switches, not for --textbook");
    if (a.top < 1) return report_error("--top must be at least 1 (got " + std::to_string(a.top) + ")");
    TfidfOptions opt = a.textbook ? TfidfOptions::textbook() : TfidfOptions::sklearn();
    opt.sublinear_tf = a.sublinear_tf;
    opt.smooth_idf = !a.no_smooth_idf && !a.textbook;
    if (!a.norm.empty()) opt.norm = a.norm == "l2" ? TfidfNorm::l2 : TfidfNorm::none;

    Collection c;
    if (a.example) {
        c.texts = classroom_tfidf_documents();
        for (size_t d = 0; d < c.texts.size(); ++d) c.names.push_back("document " + std::to_string(d + 1));
    } else {
        auto read = read_collection(a);
        if (!read) return report_error(read.error());
        c = std::move(*read);
        if (c.texts.empty())
            return report_error(a.lines ? "no documents: every line of the files is blank" : "no documents");
    }
    auto model = build_tfidf(c.texts, opt);
    if (!model) return report_error(model.error());
    const TfidfModel& m = *model;

    if (a.json) {
        ojson out = {{"variant", describe(opt)}, {"documents", c.names}, {"terms", m.term_list()}};
        ojson df = ojson::array(), idf = ojson::array(), tokens = ojson::array(), rows = ojson::array();
        for (size_t t = 0; t < m.terms(); ++t) {
            df.push_back(m.df(t));
            idf.push_back(m.idf(t));
        }
        for (size_t d = 0; d < m.documents(); ++d) {
            tokens.push_back(m.doc_tokens(d));
            rows.push_back(m.row(d));
        }
        out["document_tokens"] = std::move(tokens);
        out["df"] = std::move(df);
        out["idf"] = std::move(idf);
        out["tfidf"] = std::move(rows);
        std::printf("%s\n", out.dump(-1, ' ', false, ojson::error_handler_t::replace).c_str());
        return 0;
    }
    std::printf("%s: %zu documents, %zu terms\n", describe(opt).c_str(), m.documents(), m.terms());
    for (size_t d = 0; d < m.documents(); ++d) {
        std::printf("\n%s (%u words)\n", escape_for_display(c.names[d]).c_str(), m.doc_tokens(d));
        const auto top = m.top_terms(d, size_t(a.top));
        if (top.empty()) std::printf("  (no term with a nonzero weight)\n");
        for (size_t t : top) {
            const std::string formula = explain_formula(m.explain(d, t), opt);
            std::printf("  %-16s %.4f  %s\n", escape_for_display(m.term(t)).c_str(), m.value(d, t), formula.c_str());
        }
    }
    return 0;
}

}  // namespace

void add_tfidf_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<TfidfArgs>();
    CLI::App* cmd = app.add_subcommand("tfidf", "TF-IDF of a collection of documents (textbook or scikit-learn)");
    cmd->add_option("files", args->files, "UTF-8 text files, one document each (see --lines)");
    cmd->add_flag("--lines", args->lines, "Each non-blank line of each file is a document");
    cmd->add_flag("--example", args->example, "Use the Classroom's default collection (the article's example)");
    cmd->add_flag("--textbook", args->textbook, "tf = count / words in the document, idf = ln(N/df), no normalisation");
    cmd->add_flag("--sublinear-tf", args->sublinear_tf, "scikit-learn: tf = 1 + ln(count)");
    cmd->add_flag("--no-smooth-idf", args->no_smooth_idf, "scikit-learn: idf = ln(N/df) + 1");
    cmd->add_option("--norm", args->norm, "l2 or none (default: l2, none with --textbook)");
    cmd->add_flag("--json", args->json, "Print {\"documents\", \"terms\", \"tfidf\": one row per document, ...}");
    cmd->add_option("--top", args->top, "Terms shown per document in the text output (default 8)");
    cmd->callback([args, &exit_code] { exit_code = run_tfidf(*args); });
}

}  // namespace embx::cli
