// Every threaded path stopped or abandoned at any moment: a background search whose table is
// replaced while it scans, a t-SNE run destroyed mid-iteration, a Word2Vec run stopped, paused or
// destroyed mid-slice, a forward pass destroyed between (or during) layers. Each is repeated at
// many start-to-stop delays; the tsan preset runs these under ThreadSanitizer (zero reports),
// every other preset checks the results stay right.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/clock.hpp"
#include "app/context_runner.hpp"
#include "app/training_run.hpp"
#include "app/tsne_runner.hpp"
#include "core/background_search.hpp"
#include "core/search.hpp"
#include "core/tsne.hpp"
#include "fixtures.hpp"
#include "safetensors_fixtures.hpp"
#include "formats/transformer_folder.hpp"

namespace embx {
namespace {

#define NEED_THREADS() \
    if (!test::threads_available()) GTEST_SKIP() << "no threads in this build"

// Delays from nothing to a few milliseconds: the stop lands before, during and after the work.
std::vector<std::chrono::microseconds> delays(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<std::chrono::microseconds> d{std::chrono::microseconds(0)};
    while (d.size() < n) d.push_back(std::chrono::microseconds(rng() % 4000));
    return d;
}

TEST(StopAnywhere, ASearchWhoseTableIsReplacedWhileItScans) {
    NEED_THREADS();
    auto fa = test::make_float_table(40000, 24, 1);
    auto fb = test::make_float_table(30000, 24, 2);
    ScanPool pool(2);
    SearchOptions opt;
    opt.k = 10;
    for (auto delay : delays(40, 3)) {
        // The UI holds the table only through the session; the search keeps its own reference.
        std::shared_ptr<const EmbeddingTable> shown = test::to_table(fa, DType::I8);
        auto bg = std::make_unique<BackgroundSearch>(pool);
        ASSERT_TRUE(bg->start(shown, std::vector<float>(fa.row(5), fa.row(5) + 24), opt));
        std::this_thread::sleep_for(delay);
        shown = test::to_table(fb, DType::I8);  // a new table arrives: the old one is dropped here
        if (delay.count() % 2) {
            bg.reset();  // the tab closed: abandoned mid-scan
            continue;
        }
        std::optional<Expected<std::vector<Hit>>> r;
        while (!(r = bg->poll())) std::this_thread::yield();
        ASSERT_TRUE(*r);
        ASSERT_EQ((*r)->size(), 10u);
        EXPECT_EQ((**r)[0].row, 5u);  // the hits of the table it started on
        ASSERT_TRUE(bg->start(shown, std::vector<float>(fb.row(9), fb.row(9) + 24), opt));
        while (!(r = bg->poll())) std::this_thread::yield();
        EXPECT_EQ((**r)[0].row, 9u);
    }
}

Tsne small_tsne(int iterations) {
    const size_t n = 120;
    const auto table = test::to_table(test::make_float_table(n, 10, 4, 8), DType::F32);
    auto g = knn_for_tsne(*table, n, tsne_neighbors(n, 10));
    EXPECT_TRUE(g.ok());
    TsneOptions opt;
    opt.perplexity = 10;
    opt.iterations = iterations;
    opt.exaggeration_iterations = iterations;  // cannot converge and end early
    auto t = Tsne::create(*g, opt);
    EXPECT_TRUE(t.ok());
    return std::move(*t);
}

TEST(StopAnywhere, ATsneRunDestroyedAtAnyMoment) {
    NEED_THREADS();
    for (auto delay : delays(30, 5)) {
        auto runner = std::make_unique<app::TsneRunner>(small_tsne(1'000'000), true);
        std::this_thread::sleep_for(delay);
        std::vector<float> xy;
        runner->take(xy);  // the UI reads what was published so far
        EXPECT_EQ(xy.size() % 2, 0u);
        const auto t0 = std::chrono::steady_clock::now();
        runner.reset();  // the Map tab's table replaced, or the page's Stop
        EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
    }
}

std::string planted_corpus(size_t sentences) {
    std::mt19937 rng(7);
    std::string text;
    for (size_t s = 0; s < sentences; ++s) {
        for (size_t k = 0; k < 6; ++k) text += (k ? " w" : "w") + std::to_string(rng() % 300);
        text += '\n';
    }
    return text;
}

TEST(StopAnywhere, TrainingStoppedPausedOrDroppedAtAnyMoment) {
    NEED_THREADS();
    auto text = std::make_shared<const std::string>(planted_corpus(20000));
    app::TrainingOptions o;
    o.params.size = 16;
    o.params.min_count = 1;
    o.params.iter = 20;
    o.params.threads = 2;
    o.refresh_ms = 0;
    o.watch = {"w1", "w2"};
    int action = 0;
    for (auto delay : delays(24, 9)) {
        auto made = app::TrainingRun::start(text, "planted", o, true);
        ASSERT_TRUE(made.ok()) << made.error();
        auto run = std::move(*made);
        const double until = app::now_ms() + double(delay.count()) / 1000.0;
        do run->pump(1); while (app::now_ms() < until);
        switch (action++ % 3) {
            case 0: {
                run->stop();
                auto t = run->table("stopped");
                const app::TrainingState st = run->state();
                if (st.phase == app::TrainingPhase::Failed) {  // stopped while counting: no model yet
                    EXPECT_EQ(st.error, "stopped before training began");
                    EXPECT_FALSE(t);
                } else {  // a usable model whatever the moment
                    ASSERT_TRUE(t);
                    EXPECT_EQ(t->rows(), st.vocabulary);
                }
                break;
            }
            case 1:
                run->pause();
                (void)run->table("paused");
                run->resume();
                run->pump(1);
                break;
            default:
                break;  // dropped while it runs (a new corpus, the tab closed)
        }
        run.reset();
    }
}

const char* kQwen2 = R"({"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 6, "num_attention_heads": 4,
  "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 40})";

std::shared_ptr<const TransformerModel> small_qwen2() {
    test::TensorList t = {{"model.embed_tokens.weight", {40, 64}}, {"model.norm.weight", {64}}};
    for (int l = 0; l < 6; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        t.push_back({p + "self_attn.q_proj.weight", {64, 64}});
        t.push_back({p + "self_attn.k_proj.weight", {32, 64}});
        t.push_back({p + "self_attn.v_proj.weight", {32, 64}});
        t.push_back({p + "self_attn.q_proj.bias", {64}});
        t.push_back({p + "self_attn.k_proj.bias", {32}});
        t.push_back({p + "self_attn.v_proj.bias", {32}});
        t.push_back({p + "self_attn.o_proj.weight", {64, 64}});
        t.push_back({p + "mlp.gate_proj.weight", {128, 64}});
        t.push_back({p + "mlp.up_proj.weight", {128, 64}});
        t.push_back({p + "mlp.down_proj.weight", {64, 128}});
        t.push_back({p + "input_layernorm.weight", {64}});
        t.push_back({p + "post_attention_layernorm.weight", {64}});
    }
    const auto weights = test::safetensors_image(t, test::hashed_value);
    const std::string config = kQwen2;
    TransformerFolderLoader loader("m", {{"m/config.json", config.size()}, {"m/model.safetensors", weights.size()}}, false);
    while (auto r = loader.next()) {
        const uint8_t* base = r->file == "m/config.json" ? reinterpret_cast<const uint8_t*>(config.data()) : weights.data();
        const uint64_t size = r->file == "m/config.json" ? config.size() : weights.size();
        const size_t n = r->offset < size ? size_t(std::min<uint64_t>(r->length, size - r->offset)) : 0;
        (void)loader.deliver(base + r->offset, n);
    }
    auto m = loader.take();
    EXPECT_TRUE(m.ok()) << m.error();
    return m ? std::shared_ptr<const TransformerModel>(*m) : nullptr;
}

TEST(StopAnywhere, AForwardPassDestroyedAtAnyMoment) {
    NEED_THREADS();
    auto model = small_qwen2();
    ASSERT_TRUE(model);
    std::vector<uint32_t> ids;
    for (uint32_t i = 0; i < 48; ++i) ids.push_back(i % 40);
    ScanPool pool(2);
    size_t finished = 0;
    for (auto delay : delays(30, 11)) {
        auto runner = std::make_unique<app::ContextRunner>(model, std::vector<std::vector<uint32_t>>{ids, ids}, true,
                                                           true, delay.count() % 2 ? &pool : nullptr);
        std::this_thread::sleep_for(delay);
        EXPECT_GE(runner->fraction(), 0.0);
        EXPECT_LE(runner->fraction(), 1.0);
        if (runner->done()) {
            ++finished;
            auto out = runner->take();
            ASSERT_EQ(out.size(), 2u);
            EXPECT_EQ(out[0].layers, out[1].layers);  // the same sentence twice, the same numbers
        }
        runner.reset();  // another model dropped on the page, or new sentences typed
    }
    (void)finished;
}

}  // namespace
}  // namespace embx
