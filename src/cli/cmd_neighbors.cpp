// embx neighbors TABLE WORD [-k 10] [--json]
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/display_text.hpp"
#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "core/search.hpp"

namespace embx::cli {

namespace {

struct NeighborsArgs {
    std::string table, word;
    int k = 10;
    bool json = false;
};

double round6(float v) { return std::round(double(v) * 1e6) / 1e6; }

int run_neighbors(const NeighborsArgs& a) {
    if (a.k <= 0) return report_error("-k must be at least 1 (got " + std::to_string(a.k) + ")");
    LoadRequest req;
    req.path = a.table;
    auto table = load_table_file(req);
    if (!table) return report_error(table.error());
    auto hits = neighbors(**table, a.word, size_t(a.k));
    if (!hits) return report_error(hits.error());
    const EmbeddingTable& t = **table;
    if (a.json) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const Hit& h : *hits)
            out.push_back({{"word", std::string(t.word(h.row))}, {"score", round6(h.score)}});
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    } else {
        int rank = 0;
        for (const Hit& h : *hits)
            std::printf("%3d. %-24s %.4f\n", ++rank, escape_for_display(t.word(h.row)).c_str(),
                        double(h.score));
    }
    return 0;
}

}  // namespace

void add_neighbors_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<NeighborsArgs>();
    CLI::App* cmd = app.add_subcommand("neighbors", "The k nearest words to WORD by cosine similarity");
    cmd->add_option("table", args->table, "Table file (.embx or any importable format)")->required();
    cmd->add_option("word", args->word, "Query word (exact, else case-insensitive), or #ID for a row by number (a token id)")->required();
    cmd->add_option("-k", args->k, "Number of neighbours")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print [{\"word\":..., \"score\":...}, ...]");
    cmd->callback([args, &exit_code] { exit_code = run_neighbors(*args); });
}

}  // namespace embx::cli
