// embx embed MODEL_DIR --batch FILE [--dtype f32|i8]
// One sentence embedding per line of FILE (each a JSON string): mean pooling over the last
// hidden state, L2-normalised when the folder is a sentence-transformers model with a
// Normalize module. Prints {"text", "embedding"} per line.
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/transformer_input.hpp"
#include "cli/transformer_model.hpp"
#include "core/transformer/forward_pass.hpp"
#include "core/transformer/pooling.hpp"

namespace embx::cli {

namespace {

struct EmbedArgs {
    std::string dir, batch, dtype = "f32";
};

int run_embed(const EmbedArgs& a) {
    if (a.dtype != "f32" && a.dtype != "i8") return report_error("--dtype must be f32 or i8, not " + a.dtype);
    std::ifstream in(a.batch, std::ios::binary);
    if (!in) return report_error("cannot open " + a.batch);
    auto loaded = load_transformer_model(a.dir, a.dtype == "i8", true);
    if (!loaded) return report_error(loaded.error());
    const TransformerModel& model = **loaded;
    if (model.layout.modules.empty())
        report_note("not a sentence-transformers folder (no modules.json): mean pooling, not normalised");
    std::string line;
    for (size_t line_no = 1; std::getline(in, line); ++line_no) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_string()) return report_error(a.batch + ":" + std::to_string(line_no) + ": not a JSON string");
        const std::string text = j.get<std::string>();
        auto ids = text_ids(model, text);
        if (!ids) return report_error(a.batch + ":" + std::to_string(line_no) + ": " + ids.error());
        auto hs = run_transformer(model.config, model.weights, *ids);
        if (!hs) return report_error(a.batch + ":" + std::to_string(line_no) + ": " + hs.error());
        const std::vector<float> e = pool(*hs, model.pooling, model.normalize);
        std::printf("{\"text\": %s, \"embedding\": [", json_string(text).c_str());
        for (size_t i = 0; i < e.size(); ++i) std::printf(i ? ",%.9g" : "%.9g", double(e[i]));
        std::printf("]}\n");
    }
    return 0;
}

}  // namespace

void add_embed_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<EmbedArgs>();
    CLI::App* cmd = app.add_subcommand("embed", "sentence embeddings (mean pooling) from a BERT or decoder folder");
    cmd->add_option("model", a->dir, "Hugging Face model folder")->required();
    cmd->add_option("--batch", a->batch, "file with one JSON string per line")->required();
    cmd->add_option("--dtype", a->dtype, "weights in memory: f32 or i8");
    cmd->callback([a, &exit_code] { exit_code = run_embed(*a); });
}

}  // namespace embx::cli
