// embx train CORPUS -o OUT [--model cbow|sg] [--size 100] [--window 5] [--negative 5] [--hs]
//                          [--sample 1e-3] [--min-count 5] [--alpha A] [--iter 5]
//                          [--threads N] [--seed S] [--lowercase] [--dtype f32|f16|i8]
//                          [--tokenizer tokenizer.json]
// Word2Vec on a plain-text corpus (core/train): one streaming pass builds the vocabulary, then
// one thread per corpus part trains (Hogwild), each reading its part from disk, so a corpus
// larger than memory trains. The vectors go to .embx, .vec/.txt (word2vec text) or .bin.
// With --tokenizer each line is encoded into token ids (core/train/word2vec_tokens.hpp), again
// on every pass, and the table has one row per token id in id order (untrained ids zero), named
// by the token strings; an .embx also carries the tokenizer.json, as `convert --tokenizer` does.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/table_output.hpp"
#include "cli/tokenizer_file.hpp"
#include "core/train/word2vec_tokens.hpp"
#include "core/train/word2vec_trainer.hpp"
#include "io/random_access_file.hpp"
#include "io/whole_file.hpp"

namespace embx::cli {

namespace {

struct TrainArgs {
    std::string corpus, out, model = "cbow", dtype, name, tokenizer;
    int cbow = -1;  // the tool's -cbow 0/1 (overrides --model when given)
    train::Word2VecParams params;
    bool quiet = false;
};

std::string human(double x) {
    char buf[32];
    if (x >= 1e6) std::snprintf(buf, sizeof buf, "%.2fM", x / 1e6);
    else if (x >= 1e3) std::snprintf(buf, sizeof buf, "%.1fk", x / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
}

int run_train(TrainArgs a) {
    using clock = std::chrono::steady_clock;
    train::Word2VecParams& p = a.params;
    if (a.cbow >= 0) p.cbow = a.cbow != 0;
    else if (a.model == "cbow") p.cbow = true;
    else if (a.model == "sg" || a.model == "skipgram" || a.model == "skip-gram") p.cbow = false;
    else return report_error("--model must be cbow or sg, got '" + a.model + "'");
    if (p.threads == 0) p.threads = std::max(1u, std::thread::hardware_concurrency());
    if (p.min_count == 0) p.min_count = 1;
    if (const std::string why = threads_unavailable(long(p.threads)); !why.empty()) return report_error(why);
    if (Status s = train::validate_params(p); !s) return report_error(s.error());
    auto to = output_format("", a.out);
    if (!to) return report_error(to.error());
    DType dtype = DType::F32;
    const std::string dt = !a.dtype.empty() ? a.dtype : *to == OutputFormat::Embx ? "i8" : "f32";
    if (dt == "f32") dtype = DType::F32;
    else if (dt == "f16") dtype = DType::F16;
    else if (dt == "i8") dtype = DType::I8;
    else return report_error("unknown dtype '" + dt + "' (known: f32, f16, i8)");

    auto file = io::RandomAccessFile::open(a.corpus);
    if (!file) return report_error(file.error());
    if ((*file)->size() == 0) return report_error(a.corpus + ": empty file: the corpus has no words");

    std::shared_ptr<const Tokenizer> tokenizer;
    if (!a.tokenizer.empty()) {
        if (p.lowercase) return report_error("--lowercase goes with words; a tokenizer normalizes text itself");
        auto tok = load_tokenizer(a.tokenizer, !a.quiet);
        if (!tok) return report_error(tok.error());
        tokenizer = std::make_shared<Tokenizer>(std::move(*tok));
    }

    // Pass 1: the vocabulary (and the UTF-8 check), streamed.
    const auto t0 = clock::now();
    train::VocabCounter words(p.lowercase);
    std::unique_ptr<train::TokenVocabCounter> tokens;
    if (tokenizer) tokens = std::make_unique<train::TokenVocabCounter>(*tokenizer);
    {
        Progress bar("vocabulary", (*file)->size());
        Status s = io::read_file_chunks(a.corpus, [&](const uint8_t* d, size_t n) -> Status {
            if (Status f = tokens ? tokens->feed(d, n) : words.feed(d, n); !f) return f;
            bar.update(tokens ? tokens->bytes_seen() : words.bytes_seen());
            return Status::success();
        });
        bar.finish();
        if (!s) return report_error(s.error().rfind(a.corpus, 0) == 0 ? s.error() : a.corpus + ": " + s.error());
    }
    train::Word2VecVocab vocab;
    auto row_of_token = std::make_shared<std::vector<int32_t>>();
    std::string seen;
    if (tokens) {
        auto v = tokens->finish(p.min_count);
        if (!v) return report_error(a.corpus + ": " + v.error());
        seen = " (" + std::to_string(v->vocab.size() - 1) + " of the " + std::to_string(v->distinct) +
               " different token ids seen; " + std::to_string(v->tokens) + " tokens in " + std::to_string(v->lines) +
               " lines)";
        vocab = std::move(v->vocab);
        *row_of_token = std::move(v->row_of_token);
    } else {
        auto v = words.finish(p.min_count);
        if (!v) return report_error(a.corpus + ": " + v.error());
        vocab = std::move(*v);
    }
    const double vocab_secs = std::chrono::duration<double>(clock::now() - t0).count();
    if (!a.quiet)
        std::fprintf(stderr, "vocabulary: %zu words%s (min-count %llu), %llu corpus words, %.2f s\n", vocab.size(),
                     seen.c_str(), static_cast<unsigned long long>(p.min_count),
                     static_cast<unsigned long long>(vocab.corpus_words), vocab_secs);

    // Pass 2: training, one thread per part, each reading its part of the file.
    std::shared_ptr<io::RandomAccessFile> f = *file;
    train::ByteReader reader = [f](uint64_t off, uint8_t* out, size_t n) { return f->read_at(off, out, n); };
    auto made = train::Word2VecTrainer::create(
        p, std::move(vocab),
        tokenizer ? train::token_source_factory(reader, f->size(), tokenizer, row_of_token)
                  : train::text_source_factory(reader, f->size(), p.lowercase));
    if (!made) return report_error(made.error());
    train::Word2VecTrainer& t = **made;

    const auto t1 = clock::now();
    std::vector<std::thread> threads;
    std::vector<std::string> errors(t.parts());
    for (size_t part = 0; part < t.parts(); ++part)
        threads.emplace_back([&t, &errors, part] {
            for (;;) {
                auto n = t.train(part, 100000);
                if (!n) {
                    errors[part] = n.error();
                    t.request_stop();
                    return;
                }
                if (*n == 0) return;
            }
        });
    {
        Progress bar(p.cbow ? "cbow" : "skip-gram", 0);
        double last_loss = 0, last_secs = 0;
        uint64_t last_pred = 0, last_words = 0;
        double recent_loss = 0, rate = 0;
        while (!t.finished() && !t.stop_requested()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const auto g = t.progress();
            const double secs = std::chrono::duration<double>(clock::now() - t1).count();
            if (secs - last_secs >= 0.5) {  // words/s and loss over the last half second
                if (g.predictions > last_pred)
                    recent_loss = (g.loss_sum - last_loss) / double(g.predictions - last_pred);
                rate = double(g.words_done - last_words) / (secs - last_secs);
                last_loss = g.loss_sum, last_pred = g.predictions, last_words = g.words_done, last_secs = secs;
            }
            const double eta = rate > 0 ? double(g.words_total - g.words_done) / rate : 0;
            char text[160];
            std::snprintf(text, sizeof text, "%s words/s  ETA %.0f s  loss %.3f  alpha %.5f", human(rate).c_str(), eta,
                          recent_loss, g.alpha);
            bar.update_text(g.fraction(), text);
        }
        for (auto& th : threads) th.join();
        bar.finish();
    }
    for (const auto& e : errors)
        if (!e.empty()) return report_error(e);
    const double secs = std::chrono::duration<double>(clock::now() - t1).count();
    const auto g = t.progress();
    if (!a.quiet)
        std::fprintf(stderr,
                     "trained: %s, %llu words in %.2f s: %.0f words/s, %.0f words/s/thread (%zu threads), "
                     "loss %.4f\n",
                     p.cbow ? "cbow" : "skip-gram", static_cast<unsigned long long>(g.words_done), secs,
                     double(g.words_done) / secs, double(g.words_done) / secs / double(t.parts()), t.parts(),
                     g.predictions ? g.loss_sum / double(g.predictions) : 0.0);

    const std::string name = !a.name.empty() ? a.name
                                             : std::filesystem::path(a.corpus).stem().string() +
                                                   (tokenizer ? " word2vec tokens" : " word2vec");
    std::shared_ptr<EmbeddingTable> table;
    if (tokenizer) {
        std::vector<std::string> names(tokenizer->vocab_size());
        for (size_t id = 0; id < names.size(); ++id) names[id] = tokenizer->token(uint32_t(id));
        table = t.to_token_table(name, dtype, names, *row_of_token);
        if (*to == OutputFormat::Embx) embed_tokenizer_json(*table, a.tokenizer);
    } else {
        table = t.to_table(name, dtype);
    }
    auto written = write_table_output(*table, *to, a.out, 4096);
    if (!written) return report_error(written.error());
    for (const auto& path : *written) {
        std::error_code ec;
        std::fprintf(stderr, "wrote %s: %zu rows x %u dims, %s, %ju bytes\n", path.c_str(), table->rows(),
                     table->dims(), std::string(dtype_name(table->dtype())).c_str(),
                     uintmax_t(std::filesystem::file_size(path, ec)));
    }
    return 0;
}

}  // namespace

void add_train_command(CLI::App& app, int& exit_code) {
    auto a = std::make_shared<TrainArgs>();
    train::Word2VecParams& p = a->params;
    CLI::App* cmd = app.add_subcommand(
        "train", "Train Word2Vec (CBOW or skip-gram) on a plain-text corpus, as the original word2vec tool does");
    cmd->add_option("corpus", a->corpus, "UTF-8 text: words split on whitespace, one sentence per line")->required();
    cmd->add_option("-o,--output", a->out, "Output file (.embx, .txt/.vec word2vec text, .bin word2vec binary)")
        ->required();
    cmd->add_option("--model", a->model, "cbow or sg (skip-gram)")->capture_default_str();
    cmd->add_option("--cbow", a->cbow, "The tool's -cbow: 1 CBOW, 0 skip-gram (overrides --model)");
    cmd->add_option("--size", p.size, "Vector dimensions")->capture_default_str();
    cmd->add_option("--window", p.window, "Max distance to a context word")->capture_default_str();
    cmd->add_option("--negative", p.negative, "Negative samples per prediction (0 = off)")->capture_default_str();
    cmd->add_flag("--hs", p.hs, "Hierarchical softmax (the tool's -hs 1)");
    cmd->add_option("--sample", p.sample, "Subsampling threshold for frequent words (0 = off)")->capture_default_str();
    cmd->add_option("--min-count", p.min_count, "Drop words seen fewer times")->capture_default_str();
    cmd->add_option("--alpha", p.alpha, "Starting learning rate (default 0.05 for CBOW, 0.025 for skip-gram)");
    cmd->add_option("--iter", p.iter, "Epochs")->capture_default_str();
    p.threads = 0;
    cmd->add_option("--threads", p.threads, "Threads (default: the machine's cores)");
    cmd->add_option("--seed", p.seed, "Random seed (one thread: the same seed gives the same vectors)")
        ->capture_default_str();
    cmd->add_flag("--lowercase", p.lowercase, "Lower-case the text");
    cmd->add_option("--dtype", a->dtype, "Storage type: f32, f16, i8 (default: i8 for .embx, f32 otherwise)");
    cmd->add_option("--name", a->name, "Display name stored in the table");
    cmd->add_option("--tokenizer", a->tokenizer,
                    "Train over the token ids of this tokenizer.json (byte-level BPE, e.g. Qwen's), one sentence "
                    "per line: one row per token id, named by the token strings (a token table)");
    cmd->add_flag("-q,--quiet", a->quiet, "No summary lines");
    cmd->callback([a, &exit_code] { exit_code = run_train(*a); });
}

}  // namespace embx::cli
