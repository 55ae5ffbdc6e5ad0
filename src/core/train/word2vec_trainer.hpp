// Trains Word2Vec (CBOW or skip-gram; negative sampling and/or hierarchical softmax) the way
// the original tool does, in steps the caller drives:
//  - the corpus is split into parts (Word2VecParams::threads); train(part, words) trains one
//    part on about `words` more corpus words and returns, so a page trains between frames and
//    shows progress; distinct parts may be trained at once on different threads, sharing the
//    weights without locks (Hogwild, as the tool's threads do). Core starts no thread: the
//    caller runs the parts (the CLI one thread per part, the page one part per frame);
//  - learning rate: alpha * (1 - words done / (iter * corpus words)), never below alpha * 1e-4,
//    recomputed every 10,000 words of a part (the tool's schedule);
//  - each part has its own random numbers (the tool's 64-bit LCG, seeded from the seed and
//    the part): with one part the result is the same bytes for the same seed;
//  - request_stop() makes every train() return at its next sentence; the weights are always
//    a usable model (every update is complete).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/kernels/train.hpp"
#include "core/status.hpp"
#include "core/train/word2vec_corpus.hpp"
#include "core/train/word2vec_params.hpp"
#include "core/train/word2vec_update.hpp"
#include "core/train/word2vec_vocab.hpp"

namespace embx::train {

struct Word2VecProgress {
    uint64_t words_done = 0;  // corpus words trained on, all parts and epochs
    uint64_t words_total = 0;  // iter * corpus words
    double alpha = 0;  // the current learning rate (of the part furthest behind)
    double loss_sum = 0;  // sum of the predictions' losses so far (see word2vec_update.hpp)
    uint64_t predictions = 0;  // how many predictions that sum covers
    bool finished = false;  // every part has trained all its epochs
    double fraction() const { return words_total ? double(words_done) / double(words_total) : 1; }
};

// The tool's linear congruential generator (java.util.Random's constants).
inline uint64_t word2vec_next_random(uint64_t& r) {
    r = r * uint64_t(25214903917ULL) + 11;
    return r;
}

class Word2VecTrainer {
public:
    // Checks the parameters (validate_params), allocates the weights and makes one source per
    // part. Errors: bad parameters, a vocabulary too large for memory, a source that fails.
    static Expected<std::unique_ptr<Word2VecTrainer>> create(const Word2VecParams& params, Word2VecVocab vocab,
                                                             const SourceFactory& sources);

    const Word2VecParams& params() const { return params_; }
    const Word2VecVocab& vocab() const { return vocab_; }
    size_t parts() const { return parts_.size(); }
    size_t dims() const { return params_.size; }

    // Trains part `part` on at least `max_words` corpus words (whole sentences) or until the
    // part has run all its epochs; returns the corpus words consumed (0: the part is done or a
    // stop was requested). Safe to call for different parts from different threads at once.
    Expected<uint64_t> train(size_t part, uint64_t max_words);
    // Trains every part in turn on this thread until the end (tests, one-thread callers).
    Status train_all();

    void request_stop() { stop_.store(true, std::memory_order_relaxed); }
    bool stop_requested() const { return stop_.load(std::memory_order_relaxed); }
    bool finished() const;
    Word2VecProgress progress() const;

    // The input vectors (syn0): the embeddings, row r for vocab().words[r].
    const float* input_vectors() const { return syn0_.data(); }
    const float* row(size_t r) const { return syn0_.data() + r * params_.size; }
    // The output vectors: syn1neg (negative sampling, row r for word r; empty with -negative 0)
    // and syn1 (hierarchical softmax, row n for inner node n of the Huffman tree; empty
    // without -hs).
    const std::vector<float>& output_vectors() const { return syn1neg_; }
    const std::vector<float>& hs_vectors() const { return syn1_; }
    const SigmoidTable& sigmoid_table() const { return sigmoid_; }
    const kernels::TrainKernels& kernels() const { return *kernels_; }
    // One negative sample for predicting `word`, drawn from the unigram^0.75 table with the
    // tool's LCG state `rng` (advanced once), as training draws them: -1 when the draw is the
    // word itself (training skips it). Needs params().negative > 0.
    int32_t draw_negative(int32_t word, uint64_t& rng) const {
        const uint64_t r = word2vec_next_random(rng);
        int32_t target = unigram_[(r >> 16) % unigram_.size()];
        if (target == 0) target = int32_t(r % (vocab_.size() - 1) + 1);
        return target == word ? -1 : target;
    }
    // Write access to syn0, syn1neg and syn1 for apply_word2vec_step (word2vec_step.hpp). Only
    // while no part trains: nothing here is synchronised.
    float* mutable_input_vectors() { return syn0_.data(); }
    float* mutable_output_vectors() { return syn1neg_.data(); }
    float* mutable_hs_vectors() { return syn1_.data(); }
    // The input vectors as a table of `dtype` (a copy; call between steps, not while parts
    // train), with the training parameters in its metadata.
    std::shared_ptr<EmbeddingTable> to_table(std::string name, DType dtype = DType::F32) const;
    // A token table: one row per token id, named names[id], holding the vector of vocabulary
    // row row_of_token[id]; ids without a row (never seen, or under min-count) are zero
    // vectors, at cosine 0 from everything, so a lookup by token id always finds its row.
    std::shared_ptr<EmbeddingTable> to_token_table(std::string name, DType dtype, const std::vector<std::string>& names,
                                                   const std::vector<int32_t>& row_of_token) const;

    // Picks the kernels (tests force each ISA); default best_train_kernels().
    void set_kernels(const kernels::TrainKernels& k) { kernels_ = &k; }

private:
    struct Part {
        std::unique_ptr<SentenceSource> source;
        uint64_t rng = 0;
        uint32_t epoch = 0;
        bool done = false;
        std::vector<int32_t> raw, sentence, context, ns;
        size_t position = 0;
        uint64_t unflushed = 0;  // words read, not yet added to words_done_
        uint64_t since_alpha = 0;  // words read since the learning rate was last set
        float current_alpha = 0;
        std::vector<float> neu1, neu1e;
        double loss = 0;
        uint64_t predictions = 0;
        // Read by progress() on another thread.
        std::atomic<double> loss_published{0}, alpha{0};
        std::atomic<uint64_t> predictions_published{0};
        std::atomic<bool> done_published{false};
    };

    Word2VecTrainer() = default;
    TableInfo table_info(std::string name, DType dtype, size_t rows) const;
    void flush(Part& p);
    void train_word(Part& p, float alpha);

    Word2VecParams params_;
    Word2VecVocab vocab_;
    double start_alpha_ = 0;
    uint64_t words_total_ = 0;
    std::vector<float> syn0_, syn1neg_, syn1_;
    std::vector<int32_t> unigram_;
    std::vector<float> keep_;  // subsampling: keep a word when keep_[w] >= a uniform draw
    SigmoidTable sigmoid_;
    const kernels::TrainKernels* kernels_ = nullptr;
    std::vector<std::unique_ptr<Part>> parts_;
    std::atomic<uint64_t> words_done_{0};
    std::atomic<bool> stop_{false};
};

}  // namespace embx::train
