// embx query TABLE EXPR [-k 10] [--method add|mul] [--json]
// embx query TABLE --batch FILE [-k 10] [--method add|mul]     (JSON Lines out)
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/display_text.hpp"
#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "io/whole_file.hpp"
#include "core/queries.hpp"

namespace embx::cli {

namespace {

using ojson = nlohmann::ordered_json;

struct QueryArgs {
    std::string table, expr, batch, method = "add";
    int k = 10;
    bool json = false;
};

double round6(float v) { return std::round(double(v) * 1e6) / 1e6; }

ojson result_json(const std::string& q, const EmbeddingTable& t, const Expected<QueryResult>& r) {
    ojson out = {{"q", q}};
    if (!r) {
        out["error"] = r.error();
        return out;
    }
    out["results"] = ojson::array();
    for (const Hit& h : r->hits) out["results"].push_back({{"word", std::string(t.word(h.row))}, {"score", round6(h.score)}});
    return out;
}

std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

int run_query_command(const QueryArgs& a) {
    if (a.k <= 0) return report_error("-k must be at least 1 (got " + std::to_string(a.k) + ")");
    if (a.method != "add" && a.method != "mul")
        return report_error("--method must be add (3CosAdd) or mul (3CosMul), got '" + a.method + "'");
    if (a.batch.empty() == a.expr.empty())
        return report_error("give either an expression or --batch FILE");
    std::string batch_text;
    if (!a.batch.empty()) {
        auto text = io::read_whole_file(a.batch);
        if (!text) return report_error(text.error());
        batch_text = std::move(*text);
    }
    LoadRequest req;
    req.path = a.table;
    auto table = load_table_file(req);
    if (!table) return report_error(table.error());
    const EmbeddingTable& t = **table;
    QueryOptions opt;
    opt.k = size_t(a.k);
    opt.method = a.method == "mul" ? QueryMethod::Mul : QueryMethod::Add;

    if (!a.batch.empty()) {
        std::string_view rest = batch_text;
        while (!rest.empty()) {
            const size_t nl = rest.find('\n');
            std::string line(rest.substr(0, nl));
            rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
            std::string expr = line;
            if (!expr.empty() && expr.back() == '\r') expr.pop_back();
            std::printf("%s\n", dump(result_json(expr, t, run_query(t, expr, opt))).c_str());
        }
        return 0;
    }
    auto r = run_query(t, a.expr, opt);
    if (!r) return report_error(r.error());
    if (a.json) {
        std::printf("%s\n", dump(result_json(a.expr, t, r)).c_str());
        return 0;
    }
    std::printf("%s   (%s over %zu words; inputs excluded:", escape_for_display(a.expr).c_str(),
                opt.method == QueryMethod::Add ? "3CosAdd" : "3CosMul", r->rows_searched);
    for (const auto& term : r->terms) {
        std::printf(" %s", escape_for_display(t.word(term.row)).c_str());
        if (!term.exact) std::printf(" [for '%s']", escape_for_display(term.input).c_str());
    }
    std::printf(")\n");
    int rank = 0;
    for (const Hit& h : r->hits)
        std::printf("%3d. %-24s %.4f\n", ++rank, escape_for_display(t.word(h.row)).c_str(), double(h.score));
    if (r->hits.size() < opt.k)  // like gensim's topn: a k past the table gives every candidate
        std::printf("(all %zu candidates shown: -k %d asks for more than the table holds)\n", r->hits.size(), a.k);
    return 0;
}

}  // namespace

void add_query_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<QueryArgs>();
    CLI::App* cmd = app.add_subcommand("query", "Vector arithmetic: the words nearest to an expression like 'italy - rome + london'");
    cmd->add_option("table", a->table, "Table file")->required();
    cmd->add_option("expression", a->expr, "Expression: words (or #ID rows) joined by + and -, optional weights (0.5*king)");
    cmd->add_option("--batch", a->batch, "File with one expression per line; prints JSON Lines");
    cmd->add_option("-k", a->k, "Number of results")->capture_default_str();
    cmd->add_option("--method", a->method, "add (3CosAdd, gensim most_similar) or mul (3CosMul)")->capture_default_str();
    cmd->add_flag("--json", a->json, "Print {\"q\":..., \"results\":[{\"word\",\"score\"}...]}");
    cmd->callback([a, &exit_code] { exit_code = run_query_command(*a); });
}

}  // namespace embx::cli
