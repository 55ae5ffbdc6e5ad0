// embx eval analogies TABLE FILE [--restrict N] [--method add|mul] [--json]
// embx eval pairs TABLE FILE [--restrict N] [--json]
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "io/whole_file.hpp"
#include "core/evaluation.hpp"

namespace embx::cli {

namespace {

using ojson = nlohmann::ordered_json;

struct EvalArgs {
    std::string table, file, method = "add";
    size_t restrict_vocab = 300000;
    bool json = false;
};

struct Loaded {
    std::shared_ptr<EmbeddingTable> table;
    std::string text;
};

Expected<Loaded> load(const EvalArgs& a) {
    auto text = io::read_whole_file(a.file);
    if (!text) return Error{text.error()};
    LoadRequest req;
    req.path = a.table;
    auto table = load_table_file(req);
    if (!table) return Error{table.error()};
    return Loaded{*table, std::move(*text)};
}

int run_analogies(const EvalArgs& a) {
    if (a.method != "add" && a.method != "mul") return report_error("--method must be add or mul");
    auto in = load(a);
    if (!in) return report_error(in.error());
    AnalogyOptions opt;
    opt.restrict_vocab = a.restrict_vocab;
    opt.method = a.method == "mul" ? QueryMethod::Mul : QueryMethod::Add;
    const auto t0 = std::chrono::steady_clock::now();
    auto rep = evaluate_analogies(*in->table, in->text, opt);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!rep) return report_error(a.file + ": " + rep.error());
    if (a.json) {
        ojson out = {{"file", a.file}, {"restrict_vocab", a.restrict_vocab}, {"method", a.method},
                     {"questions", rep->questions}, {"oov_questions", rep->oov_questions},
                     {"seconds", secs}, {"sections", ojson::array()}};
        for (const auto& s : rep->sections)
            out["sections"].push_back({{"section", s.name}, {"correct", s.correct}, {"incorrect", s.incorrect},
                                       {"accuracy", s.accuracy()}});
        out["total"] = {{"correct", rep->total.correct}, {"incorrect", rep->total.incorrect},
                        {"accuracy", rep->total.accuracy()}};
        std::printf("%s\n", out.dump(2, ' ', false, decltype(out)::error_handler_t::replace).c_str());
        return 0;
    }
    for (const auto& s : rep->sections)
        std::printf("%-28s %6.2f%%  (%zu/%zu)\n", s.name.c_str(), 100 * s.accuracy(), s.correct, s.correct + s.incorrect);
    std::printf("%-28s %6.2f%%  (%zu/%zu)\n", "Total accuracy", 100 * rep->total.accuracy(), rep->total.correct,
                rep->total.correct + rep->total.incorrect);
    std::printf("%zu questions, %zu skipped (a word outside the first %zu rows); %.2f s\n", rep->questions,
                rep->oov_questions, a.restrict_vocab, secs);
    return 0;
}

int run_pairs(const EvalArgs& a) {
    auto in = load(a);
    if (!in) return report_error(in.error());
    auto rep = evaluate_pairs(*in->table, in->text, a.restrict_vocab);
    if (!rep) return report_error(a.file + ": " + rep.error());
    if (a.json) {
        ojson out = {{"file", a.file}, {"pearson", rep->pearson}, {"spearman", rep->spearman},
                     {"oov_ratio", rep->oov_ratio}, {"pairs", rep->pairs}, {"oov", rep->oov}};
        std::printf("%s\n", out.dump(2, ' ', false, decltype(out)::error_handler_t::replace).c_str());
        return 0;
    }
    std::printf("Pearson %.4f  Spearman %.4f  OOV %.2f%%  (%zu pairs used, %zu skipped)\n", rep->pearson,
                rep->spearman, rep->oov_ratio, rep->pairs, rep->oov);
    return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_code) {
    CLI::App* eval = app.add_subcommand("eval", "Evaluate a table like gensim: word analogies, word-pair similarity");
    eval->require_subcommand(1);
    auto an = std::make_shared<EvalArgs>();
    CLI::App* c1 = eval->add_subcommand("analogies", "Accuracy on a word2vec-style analogy file (questions-words.txt)");
    c1->add_option("table", an->table, "Table file")->required();
    c1->add_option("file", an->file, "Analogy questions")->required();
    c1->add_option("--restrict", an->restrict_vocab, "Use only the first N rows (gensim restrict_vocab)")->capture_default_str();
    c1->add_option("--method", an->method, "add (3CosAdd) or mul (3CosMul)")->capture_default_str();
    c1->add_flag("--json", an->json, "Machine-readable output");
    c1->callback([an, &exit_code] { exit_code = run_analogies(*an); });

    auto pa = std::make_shared<EvalArgs>();
    CLI::App* c2 = eval->add_subcommand("pairs", "Pearson/Spearman on word pairs with human scores (WordSim-353)");
    c2->add_option("table", pa->table, "Table file")->required();
    c2->add_option("file", pa->file, "Tab-separated word1 word2 score")->required();
    c2->add_option("--restrict", pa->restrict_vocab, "Use only the first N rows")->capture_default_str();
    c2->add_flag("--json", pa->json, "Machine-readable output");
    c2->callback([pa, &exit_code] { exit_code = run_pairs(*pa); });
}

}  // namespace embx::cli
