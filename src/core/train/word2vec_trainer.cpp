#include "core/train/word2vec_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace embx::train {

namespace {

inline uint64_t next_random(uint64_t& r) { return word2vec_next_random(r); }

// Unigram^0.75 table for negative samples: entry i holds the word whose share of
// sum(count^0.75) covers position i / size (the tool's construction). The tool uses 1e8
// entries; we scale with the vocabulary (100 per word, 1e6 to 1e8): 4 MB instead of 400 MB for
// a corpus like Brown, which matters in the page.
std::vector<int32_t> unigram_table(const std::vector<uint64_t>& counts) {
    const size_t size = std::clamp<size_t>(counts.size() * 100, size_t(1000000), size_t(100000000));
    std::vector<int32_t> table(size);
    double total = 0;
    for (uint64_t c : counts) total += std::pow(double(c), 0.75);
    size_t w = 0;
    double share = std::pow(double(counts[0]), 0.75) / total;
    for (size_t a = 0; a < size; ++a) {
        table[a] = int32_t(w);
        if (double(a) / double(size) > share && w + 1 < counts.size()) {
            ++w;
            share += std::pow(double(counts[w]), 0.75) / total;
        }
    }
    return table;
}

}  // namespace

Expected<std::unique_ptr<Word2VecTrainer>> Word2VecTrainer::create(const Word2VecParams& params, Word2VecVocab vocab,
                                                                   const SourceFactory& sources) {
    if (Status s = validate_params(params); !s) return Error{s.error()};
    if (vocab.size() < 2)
        return Error{"the vocabulary has " + std::to_string(vocab.size()) + " word(s): at least 2 are needed"};
    if (vocab.corpus_words == 0) return Error{"the corpus has no words"};
    if (params.hs && vocab.codes.size() != vocab.size()) return Error{"hierarchical softmax needs the Huffman codes"};
    const uint64_t matrices = 1 + (params.negative > 0 ? 1 : 0) + (params.hs ? 1 : 0);
    const double bytes = double(vocab.size()) * double(params.size) * 4.0 * double(matrices);
    const double cap = sizeof(void*) == 4 ? 3.0e9 : 256.0e9;
    if (bytes > cap)
        return Error{"the model would need " + std::to_string(uint64_t(bytes / 1e6)) + " MB (" +
                     std::to_string(vocab.size()) + " words x " + std::to_string(params.size) +
                     " dims): raise min-count or lower size"};

    std::unique_ptr<Word2VecTrainer> t(new Word2VecTrainer());
    t->params_ = params;
    t->vocab_ = std::move(vocab);
    t->vocab_.rebuild_index();  // the index holds views of the moved strings
    t->start_alpha_ = params.starting_alpha();
    t->words_total_ = uint64_t(params.iter) * t->vocab_.corpus_words;
    t->kernels_ = &kernels::best_train_kernels();
    const size_t V = t->vocab_.size(), D = params.size;

    t->syn0_.resize(V * D);
    uint64_t r = params.seed;
    for (float& x : t->syn0_) x = (float(next_random(r) & 0xFFFF) / 65536.f - 0.5f) / float(D);
    if (params.negative > 0) {
        t->syn1neg_.assign(V * D, 0.f);
        t->unigram_ = unigram_table(t->vocab_.counts);
    }
    if (params.hs) t->syn1_.assign(V * D, 0.f);
    t->keep_.assign(V, 1.f);
    if (params.sample > 0) {
        const double threshold = params.sample * double(t->vocab_.train_words);
        for (size_t w = 0; w < V; ++w) {
            const double cn = double(t->vocab_.counts[w]);
            if (cn > 0) t->keep_[w] = float((std::sqrt(cn / threshold) + 1) * threshold / cn);
        }
    }
    for (size_t i = 0; i < params.threads; ++i) {
        auto src = sources(i, params.threads, t->vocab_);
        if (!src) return Error{src.error()};
        auto p = std::make_unique<Part>();
        p->source = std::move(*src);
        p->rng = params.seed * 1000003 + i;
        p->neu1.assign(D, 0.f);
        p->neu1e.assign(D, 0.f);
        p->alpha.store(t->start_alpha_);
        t->parts_.push_back(std::move(p));
    }
    return t;
}

void Word2VecTrainer::flush(Part& p) {
    words_done_.fetch_add(p.unflushed, std::memory_order_relaxed);
    p.unflushed = 0;
    p.loss_published.store(p.loss, std::memory_order_relaxed);
    p.predictions_published.store(p.predictions, std::memory_order_relaxed);
}

void Word2VecTrainer::train_word(Part& p, float alpha) {
    const size_t D = params_.size, window = params_.window;
    const int32_t word = p.sentence[p.position];
    const UpdateContext c{kernels_, &sigmoid_, D, alpha};
    Prediction pred;
    if (params_.hs) {
        pred.code = vocab_.codes[size_t(word)].data();
        pred.point = vocab_.points[size_t(word)].data();
        pred.code_length = vocab_.codes[size_t(word)].size();
    }
    auto draw_negatives = [&] {
        if (params_.negative == 0) return;
        p.ns.clear();
        p.ns.push_back(word);
        for (uint32_t d = 0; d < params_.negative; ++d) {
            const int32_t target = draw_negative(word, p.rng);
            if (target >= 0) p.ns.push_back(target);
        }
        pred.ns = p.ns.data();
        pred.ns_count = p.ns.size();
    };
    const size_t b = size_t(next_random(p.rng) % window);
    const ptrdiff_t pos = ptrdiff_t(p.position), len = ptrdiff_t(p.sentence.size());
    float* syn1neg = syn1neg_.data();
    float* syn1 = syn1_.data();
    if (params_.cbow) {
        p.context.clear();
        for (size_t a = b; a < window * 2 + 1 - b; ++a) {
            if (a == window) continue;
            const ptrdiff_t at = pos - ptrdiff_t(window) + ptrdiff_t(a);
            if (at < 0 || at >= len) continue;
            p.context.push_back(p.sentence[size_t(at)]);
        }
        if (p.context.empty()) return;
        draw_negatives();
        p.loss += cbow_update(c, p.context.data(), p.context.size(), pred, syn0_.data(), syn1neg, syn1, p.neu1.data(),
                              p.neu1e.data());
        ++p.predictions;
    } else {
        for (size_t a = b; a < window * 2 + 1 - b; ++a) {
            if (a == window) continue;
            const ptrdiff_t at = pos - ptrdiff_t(window) + ptrdiff_t(a);
            if (at < 0 || at >= len) continue;
            draw_negatives();
            p.loss += skipgram_update(c, p.sentence[size_t(at)], pred, syn0_.data(), syn1neg, syn1, p.neu1e.data());
            ++p.predictions;
        }
    }
}

Expected<uint64_t> Word2VecTrainer::train(size_t part, uint64_t max_words) {
    if (part >= parts_.size()) return Error{"no part " + std::to_string(part)};
    Part& p = *parts_[part];
    auto current_alpha = [this] {
        const double done = double(words_done_.load(std::memory_order_relaxed));
        return float(std::max(start_alpha_ * (1 - done / double(words_total_ + 1)), start_alpha_ * 1e-4));
    };
    // The learning rate changes every 10,000 words of the part, whatever the steps' sizes (so
    // one part trained in small steps gives the same bytes as in one go).
    if (p.current_alpha == 0) p.current_alpha = current_alpha();
    uint64_t consumed = 0;
    while (!p.done && consumed < max_words) {
        if (p.position >= p.sentence.size()) {
            if (stop_requested()) break;
            uint64_t got = 0;
            auto more = p.source->next(p.raw, got);
            if (!more) return Error{more.error()};
            consumed += got;
            p.unflushed += got;
            p.since_alpha += got;
            if (p.since_alpha >= 10000) {
                flush(p);
                p.since_alpha = 0;
                p.current_alpha = current_alpha();
                p.alpha.store(p.current_alpha, std::memory_order_relaxed);
            }
            if (!*more) {
                if (++p.epoch >= params_.iter) {
                    p.done = true;
                    break;
                }
                if (Status s = p.source->rewind(); !s) return Error{s.error()};
                continue;
            }
            p.sentence.clear();
            for (int32_t w : p.raw) {
                if (params_.sample > 0) {
                    const float draw = float(next_random(p.rng) & 0xFFFF) / 65536.f;
                    if (keep_[size_t(w)] < draw) continue;
                }
                p.sentence.push_back(w);
            }
            p.position = 0;
            continue;
        }
        train_word(p, p.current_alpha);
        ++p.position;
    }
    flush(p);
    if (p.done) p.done_published.store(true, std::memory_order_release);
    return consumed;
}

Status Word2VecTrainer::train_all() {
    for (size_t i = 0; i < parts_.size(); ++i) {
        for (;;) {
            auto n = train(i, uint64_t(1) << 20);
            if (!n) return Status(Error{n.error()});
            if (*n == 0) break;
        }
    }
    return Status::success();
}

bool Word2VecTrainer::finished() const {
    for (const auto& p : parts_)
        if (!p->done_published.load(std::memory_order_acquire)) return false;
    return true;
}

Word2VecProgress Word2VecTrainer::progress() const {
    Word2VecProgress g;
    g.words_done = std::min(words_done_.load(std::memory_order_relaxed), words_total_);
    g.words_total = words_total_;
    g.alpha = start_alpha_;
    for (const auto& p : parts_) {
        g.loss_sum += p->loss_published.load(std::memory_order_relaxed);
        g.predictions += p->predictions_published.load(std::memory_order_relaxed);
        g.alpha = std::min(g.alpha, double(p->alpha.load(std::memory_order_relaxed)));
    }
    g.finished = finished();
    return g;
}

TableInfo Word2VecTrainer::table_info(std::string name, DType dtype, size_t rows) const {
    TableInfo info;
    info.name = std::move(name);
    info.dtype = dtype;
    const Word2VecParams& p = params_;
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "-cbow %d -size %u -window %u -negative %u -hs %d -sample %g -min-count %llu -alpha %g -iter %u "
                  "-threads %u -seed %llu%s",
                  p.cbow ? 1 : 0, p.size, p.window, p.negative, p.hs ? 1 : 0, p.sample,
                  static_cast<unsigned long long>(p.min_count), p.starting_alpha(), p.iter, p.threads,
                  static_cast<unsigned long long>(p.seed), p.lowercase ? " -lowercase" : "");
    info.metadata.emplace_back("word2vec", buf);
    info.metadata.emplace_back("corpus words", std::to_string(vocab_.corpus_words));
    info.dims = params_.size;
    info.expected_rows = rows;
    return info;
}

std::shared_ptr<EmbeddingTable> Word2VecTrainer::to_table(std::string name, DType dtype) const {
    auto table = std::make_shared<EmbeddingTable>(table_info(std::move(name), dtype, vocab_.size()));
    table->reserve_rows(vocab_.size());
    for (size_t r = 0; r < vocab_.size(); ++r) table->append_float_row(vocab_.words[r], row(r));
    return table;
}

std::shared_ptr<EmbeddingTable> Word2VecTrainer::to_token_table(std::string name, DType dtype,
                                                                const std::vector<std::string>& names,
                                                                const std::vector<int32_t>& row_of_token) const {
    TableInfo info = table_info(std::move(name), dtype, names.size());
    size_t trained = 0;
    for (size_t id = 0; id < names.size(); ++id)
        if (id < row_of_token.size() && row_of_token[id] > 0 && size_t(row_of_token[id]) < vocab_.size()) ++trained;
    info.metadata.emplace_back("token rows", std::to_string(trained) + " of " + std::to_string(names.size()) +
                                                 " token ids trained; the others (not in the corpus, or under "
                                                 "min-count) are zero vectors");
    auto table = std::make_shared<EmbeddingTable>(std::move(info));
    table->reserve_rows(names.size());
    const std::vector<float> zero(params_.size, 0.f);
    for (size_t id = 0; id < names.size(); ++id) {
        const int32_t r = id < row_of_token.size() ? row_of_token[id] : -1;
        // Row 0 is "</s>", the sentence end: no token's row.
        const bool has = r > 0 && size_t(r) < vocab_.size();
        table->append_float_row(names[id], has ? row(size_t(r)) : zero.data());
    }
    return table;
}

}  // namespace embx::train
