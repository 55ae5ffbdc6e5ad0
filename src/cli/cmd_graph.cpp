// embx graph TABLE (--sentence TEXT [--tokenizer tokenizer.json] | --words W...) [-k 20]
//                  [--threshold T] [--json] [--layout] [--graphml FILE] [--gexf FILE]
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "cli/tokenizer_file.hpp"
#include "core/display_text.hpp"
#include "core/graph/communities.hpp"
#include "core/graph/force_layout.hpp"
#include "core/graph/neighbourhood_graph.hpp"
#include "core/graph/sentence_tokens.hpp"
#include "formats/graph_export.hpp"
#include "formats/table_tokenizer.hpp"
#include "io/pending_file.hpp"

namespace embx::cli {

namespace {

struct GraphArgs {
    std::string table, sentence, graphml, gexf, tokenizer;
    std::vector<std::string> words;
    int k = 20;
    double threshold = 0;
    bool json = false, layout = false;
    uint64_t seed = 1;
};

// The sentence's token ids, which are the rows of a table imported with the same tokenizer.
// A row named differently from its token means the table came from another vocabulary.
std::vector<uint32_t> tokens_as_rows(const Tokenizer& tok, const std::string& sentence, const EmbeddingTable& t) {
    std::vector<uint32_t> rows;
    std::string list;
    bool warned = false;
    for (const Token& token : tok.encode(sentence)) {
        rows.push_back(token.id);
        list += " " + escape_for_display(token.text);
        if (!warned && token.id < t.rows() && t.word(token.id) != token.text) {
            warned = true;
            report_note("row " + std::to_string(token.id) + " is named '" + escape_for_display(t.word(token.id)) +
                        "' but the tokenizer calls it '" + escape_for_display(token.text) +
                        "': was the table imported with this tokenizer?");
        }
    }
    report_note(std::to_string(rows.size()) + " tokens:" + list);
    return rows;
}

int run_graph(const GraphArgs& a) {
    if (a.sentence.empty() == a.words.empty()) return report_error("give exactly one of --sentence TEXT or --words W...");
    if (a.k <= 0) return report_error("-k must be at least 1 (got " + std::to_string(a.k) + ")");
    if (!a.tokenizer.empty() && a.sentence.empty()) return report_error("--tokenizer goes with --sentence");
    LoadRequest req;
    req.path = a.table;
    auto table = load_table_file(req);
    if (!table) return report_error(table.error());
    const EmbeddingTable& t = **table;
    GraphOptions opt;
    opt.k = size_t(a.k);
    opt.threshold = float(a.threshold);
    // The sentence is split by --tokenizer, else by the table's embedded tokenizer, else into words.
    std::shared_ptr<const Tokenizer> tokenizer;
    if (!a.tokenizer.empty()) {
        auto tok = load_tokenizer(a.tokenizer, false);
        if (!tok) return report_error(tok.error());
        tokenizer = std::make_shared<Tokenizer>(std::move(*tok));
    } else if (!a.sentence.empty()) {
        auto tok = table_tokenizer(t);
        if (!tok) return report_error(tok.error());
        tokenizer = *tok;
        if (tokenizer) report_note("split with the table's embedded tokenizer.json");
    }
    Expected<NeighbourhoodGraph> g = Error{""};
    if (tokenizer) {
        g = build_neighbourhood_graph_from_rows(t, tokens_as_rows(*tokenizer, a.sentence, t), opt);
    } else {
        g = build_neighbourhood_graph(t, a.words.empty() ? split_sentence(a.sentence) : a.words, opt);
    }
    if (!g) return report_error(g.error());
    for (const auto& s : g->skipped()) report_note("'" + s + "' is not in the table; left out of the graph");
    for (const auto& [given, found] : g->case_matches()) report_note("'" + given + "' matched as '" + found + "'");

    GraphExtras extras;
    extras.community = label_propagation(g->nodes().size(), g->edges()).of_node;
    if (a.layout) {
        ForceLayout layout(a.seed);
        layout.sync(*g);
        while (layout.step(50)) {
        }
        for (size_t i = 0; i < layout.size(); ++i) {
            extras.xy.push_back(layout.x(i));
            extras.xy.push_back(layout.y(i));
        }
    }
    if (!a.graphml.empty())
        if (Status s = io::write_file_safely(a.graphml, graph_to_graphml(t, *g, extras)); !s) return report_error(s.error());
    if (!a.gexf.empty())
        if (Status s = io::write_file_safely(a.gexf, graph_to_gexf(t, *g, extras)); !s) return report_error(s.error());
    if (a.json) {
        std::printf("%s\n", graph_to_json(t, *g, extras).c_str());
        return 0;
    }
    std::printf("%zu nodes (%zu input tokens), %zu edges\n", g->nodes().size(), g->input_count(), g->edges().size());
    // Each input token with the neighbours it links to, best first.
    for (size_t i = 0; i < g->nodes().size(); ++i) {
        if (!g->nodes()[i].input) continue;
        std::vector<std::pair<float, std::string_view>> links;
        for (const GraphEdge& e : g->edges())
            if (e.source == i || e.target == i)
                links.emplace_back(e.weight, t.word(g->nodes()[e.source == i ? e.target : e.source].row));
        std::sort(links.begin(), links.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
        const std::string_view w = t.word(g->nodes()[i].row);
        std::printf("%.*s:", int(w.size()), w.data());
        for (const auto& [score, word] : links) std::printf(" %.*s (%.3f)", int(word.size()), word.data(), double(score));
        std::printf("\n");
    }
    return 0;
}

}  // namespace

void add_graph_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<GraphArgs>();
    CLI::App* cmd = app.add_subcommand("graph", "Tokens linked to their k most similar words (nodes and edges)");
    cmd->add_option("table", args->table, "Table file (.embx or any importable format)")->required();
    cmd->add_option("--sentence", args->sentence, "A sentence, split into words and punctuation (into tokens with --tokenizer or the table's embedded tokenizer)");
    cmd->add_option("--words", args->words, "Words (instead of a sentence)");
    cmd->add_option("--tokenizer", args->tokenizer,
                    "tokenizer.json: split the sentence into its tokens (ids = rows of an LLM table)");
    cmd->add_option("-k", args->k, "Neighbours per input token")->capture_default_str();
    cmd->add_option("--threshold", args->threshold, "Also link any two nodes with cosine >= this (0 = off)")
        ->capture_default_str();
    cmd->add_flag("--json", args->json, "Print {\"nodes\": [...], \"edges\": [...]}");
    cmd->add_flag("--layout", args->layout, "Run the force layout to the end and include x, y");
    cmd->add_option("--seed", args->seed, "Layout seed")->capture_default_str();
    cmd->add_option("--graphml", args->graphml, "Also write the graph as GraphML to FILE");
    cmd->add_option("--gexf", args->gexf, "Also write the graph as GEXF to FILE");
    cmd->callback([args, &exit_code] { exit_code = run_graph(*args); });
}

}  // namespace embx::cli
