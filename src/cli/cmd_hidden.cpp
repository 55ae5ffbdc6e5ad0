// embx hidden MODEL_DIR [TEXT] [--ids 1,2,3] [--layer N] [--dtype f32|i8] [--json]
//             [--threads N] [--repeat N]
// Every layer's hidden state for every token of one sentence (Hugging Face's
// output_hidden_states=True: entry 0 is the embedding output).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/display_text.hpp"
#include "cli/commands.hpp"
#include "cli/memory_floor.hpp"
#include "cli/transformer_input.hpp"
#include "cli/transformer_model.hpp"
#include "core/transformer/forward_pass.hpp"
#include "core/transformer/pooling.hpp"

namespace embx::cli {

namespace {

struct HiddenArgs {
    std::string dir, text, ids, dtype = "f32";
    int layer = -1, threads = 1, repeat = 1;
    bool json = false;
};

void print_floats(const float* v, size_t n) {
    std::fputc('[', stdout);
    for (size_t i = 0; i < n; ++i) std::printf(i ? ",%.9g" : "%.9g", double(v[i]));
    std::fputc(']', stdout);
}

int run_hidden(const HiddenArgs& a) {
    if (a.dtype != "f32" && a.dtype != "i8") return report_error("--dtype must be f32 or i8, not " + a.dtype);
    if (a.ids.empty() == a.text.empty()) return report_error("give either TEXT or --ids");
    const auto t0 = std::chrono::steady_clock::now();
    auto loaded = load_transformer_model(a.dir, a.dtype == "i8", a.ids.empty());
    if (!loaded) return report_error(loaded.error());
    const TransformerModel& model = **loaded;
    auto ids = a.ids.empty() ? text_ids(model, a.text) : parse_ids(a.ids);
    if (!ids) return report_error(ids.error());
    if (a.threads < 1 || a.repeat < 1) return report_error("--threads and --repeat must be at least 1");
    if (const std::string why = threads_unavailable(a.threads); !why.empty()) return report_error(why);
    std::unique_ptr<ScanPool> threads;
    if (a.threads > 1) threads = std::make_unique<ScanPool>(size_t(a.threads), true);
    const auto t1 = std::chrono::steady_clock::now();
    // --repeat: the median of several passes (a benchmark); the first one's states are printed.
    std::vector<double> times;
    Expected<HiddenStates> hs = Error{"not run"};
    for (int i = 0; i < a.repeat; ++i) {
        const auto r0 = std::chrono::steady_clock::now();
        auto run = run_transformer(model.config, model.weights, *ids, false, threads.get());
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - r0).count());
        if (!run) return report_error(run.error());
        if (i == 0) hs = std::move(run);
    }
    std::sort(times.begin(), times.end());
    const auto t2 = std::chrono::steady_clock::now();
    const size_t count = hs->layers.size();
    if (a.layer >= int(count)) return report_error("--layer " + std::to_string(a.layer) + ": the model has layers 0.." + std::to_string(count - 1));
    const size_t first = a.layer >= 0 ? size_t(a.layer) : 0, last = a.layer >= 0 ? size_t(a.layer) + 1 : count;
    if (a.json) {
        std::printf("{\"tokens\": [");
        for (size_t t = 0; t < ids->size(); ++t)
            std::printf("%s{\"id\": %u, \"token\": %s}", t ? ", " : "", (*ids)[t], json_string(model.token_text((*ids)[t])).c_str());
        std::printf("], \"hidden_states\": [");
        for (size_t l = first; l < last; ++l) {
            std::printf(l > first ? ",\n[" : "\n[");
            for (size_t t = 0; t < hs->tokens; ++t) {
                if (t) std::fputc(',', stdout);
                print_floats(hs->layers[l].data() + t * hs->hidden, hs->hidden);
            }
            std::fputc(']', stdout);
        }
        std::printf("]");
        if (!model.layout.modules.empty()) {  // a sentence-transformers folder: its embedding too
            const std::vector<float> e = pool(*hs, model.pooling, model.normalize);
            std::printf(",\n\"sentence_embedding\": ");
            print_floats(e.data(), e.size());
        }
        std::printf("}\n");
    } else {
        for (size_t l = first; l < last; ++l) {
            std::printf("layer %zu\n", l);
            for (size_t t = 0; t < hs->tokens; ++t) {
                const float* v = hs->layers[l].data() + t * hs->hidden;
                double norm = 0;
                for (size_t i = 0; i < hs->hidden; ++i) norm += double(v[i]) * v[i];
                std::printf("  %6u %-16s |x| %9.4f  [%.5f %.5f %.5f ...]\n", (*ids)[t], escape_for_display(model.token_text((*ids)[t])).c_str(),
                            std::sqrt(norm), double(v[0]), double(hs->hidden > 1 ? v[1] : 0), double(hs->hidden > 2 ? v[2] : 0));
            }
        }
    }
    const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    if (a.repeat > 1) {  // a benchmark: beside the floor, reading every weight byte once
        std::vector<std::pair<const uint8_t*, size_t>> bufs;
        const auto add = [&](const Matrix& m) {
            if (m.quantized()) bufs.emplace_back(reinterpret_cast<const uint8_t*>(m.i8.data()), m.i8.size());
            else bufs.emplace_back(reinterpret_cast<const uint8_t*>(m.f32.data()), m.f32.size() * 4);
        };
        for (const auto& L : model.weights.decoder_layers)
            for (const Matrix* m : {&L.q, &L.k, &L.v, &L.o, &L.gate, &L.up, &L.down}) add(*m);
        for (const auto& L : model.weights.bert_layers)
            for (const Matrix* m : {&L.q, &L.k, &L.v, &L.o, &L.up, &L.down}) add(*m);
        uint64_t sink = 0, bytes = 0;
        for (const auto& b : bufs) bytes += b.second;
        const double floor_ms = read_seconds(bufs, sink) * 1e3;
        report_note("reading the layers' weights once (" + std::to_string(bytes >> 20) + " MB): " + std::to_string(floor_ms) +
                    " ms; the forward pass takes " + std::to_string(times[times.size() / 2] / floor_ms) +
                    "x that (checksum " + std::to_string(sink % 1000) + ")");
    }
    report_note(std::to_string(ids->size()) + " tokens; load " + std::to_string(ms(t1 - t0)) + " ms, forward " +
                std::to_string(a.repeat > 1 ? times[times.size() / 2] : ms(t2 - t1)) + " ms" +
                (a.repeat > 1 ? " (median of " + std::to_string(a.repeat) + ")" : "") + " on " +
                std::to_string(a.threads) + (a.threads > 1 ? " threads" : " thread"));
    return 0;
}

}  // namespace

void add_hidden_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<HiddenArgs>();
    CLI::App* cmd = app.add_subcommand("hidden", "every layer's hidden state for each token of a sentence (BERT, Qwen2, Llama, Qwen3)");
    cmd->add_option("model", a->dir, "Hugging Face model folder (config.json, safetensors)")->required();
    cmd->add_option("text", a->text, "the sentence (special tokens added)");
    cmd->add_option("--ids", a->ids, "comma-separated token ids instead of text (no special tokens added)");
    cmd->add_option("--layer", a->layer, "only this entry (0 = embeddings)");
    cmd->add_option("--dtype", a->dtype, "weights in memory: f32 or i8 (int8 per row)");
    cmd->add_option("--threads", a->threads, "threads for the matrix products (default 1)");
    cmd->add_option("--repeat", a->repeat, "run the forward pass N times and report the median time (a benchmark)");
    cmd->add_flag("--json", a->json, "{\"tokens\": [...], \"hidden_states\": [layer][token][hidden]}");
    cmd->callback([a, &exit_code] { exit_code = run_hidden(*a); });
}

}  // namespace embx::cli
