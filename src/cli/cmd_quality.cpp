// embx quality SOURCE [--queries 1000] [-k 10] [--json]
// Loads SOURCE (any float format: GloVe JSON, word2vec, safetensors...) as float32, quantizes
// it to i8 and i4 in memory and reports recall@k and cosine errors against the exact search.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/table_file.hpp"
#include "core/quality.hpp"

namespace embx::cli {

namespace {

struct QualityArgs {
    std::string source;
    int queries = 1000, k = 10;
    bool json = false;
};

int run_quality(const QualityArgs& a) {
    if (a.queries <= 0 || a.k <= 0) return report_error("--queries and -k must be at least 1");
    LoadRequest req;
    req.path = a.source;
    req.options.dtype = DType::F32;
    auto exact = load_table_file(req);
    if (!exact) return report_error(exact.error());
    if ((*exact)->dtype() != DType::F32)
        return report_error(a.source + " is already quantized (" + std::string(dtype_name((*exact)->dtype())) +
                            "): give the float source it was made from");
    nlohmann::ordered_json out = {{"source", a.source}, {"rows", (*exact)->rows()}, {"dims", (*exact)->dims()},
                                  {"dtypes", nlohmann::ordered_json::array()}};
    if (!a.json)
        std::printf("%s: %zu x %u; recall@%d over %d query words (exact float32 search as the truth)\n",
                    a.source.c_str(), (*exact)->rows(), (*exact)->dims(), a.k, a.queries);
    for (DType dt : {DType::I8, DType::I4}) {
        const auto q = convert_table(**exact, dt);
        auto rep = measure_quality(**exact, *q, size_t(a.queries), size_t(a.k));
        if (!rep) return report_error(rep.error());
        const double bytes = double(q->row_bytes());
        out["dtypes"].push_back({{"dtype", std::string(dtype_name(dt))}, {"row_bytes", q->row_bytes()},
                                 {"recall_at_k", rep->recall}, {"mean_abs_cos_error", rep->mean_abs_cos_error},
                                 {"max_abs_cos_error", rep->max_abs_cos_error}});
        if (!a.json)
            std::printf("  %-4s %4.0f bytes/row  recall@%d %.4f  mean |cos error| %.5f  max %.5f\n",
                        std::string(dtype_name(dt)).c_str(), bytes, a.k, rep->recall, rep->mean_abs_cos_error,
                        rep->max_abs_cos_error);
    }
    if (a.json) std::printf("%s\n", out.dump(2, ' ', false, decltype(out)::error_handler_t::replace).c_str());
    return 0;
}

}  // namespace

void add_quality_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<QualityArgs>();
    CLI::App* cmd = app.add_subcommand("quality", "Recall of i8 and i4 tables against exact float32 search");
    cmd->add_option("source", a->source, "Float embeddings (any importable format)")->required();
    cmd->add_option("--queries", a->queries, "Query words (drawn from the 20,000 most frequent)")->capture_default_str();
    cmd->add_option("-k", a->k, "Neighbours compared per query")->capture_default_str();
    cmd->add_flag("--json", a->json, "Machine-readable output");
    cmd->callback([a, &exit_code] { exit_code = run_quality(*a); });
}

}  // namespace embx::cli
