// One forward pass, a step at a time so the caller decides where it runs: the embedding
// output first, then one layer per step. The app runs the steps on a thread of its own, or
// a few per frame where there are no threads; run_transformer() runs them all.
// Hidden states follow Hugging Face's output_hidden_states=True (hidden_states.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "core/scan_pool.hpp"
#include "core/status.hpp"
#include "core/transformer/hidden_states.hpp"
#include "core/transformer/rope.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

class ForwardPass {
public:
    // Keeps references to `c` and `w`: they must outlive the pass. Ids are checked here
    // (status()): none, more than max positions, or past the vocabulary.
    // pool: threads for the matrix products (null: the calling thread only).
    ForwardPass(const TransformerConfig& c, const TransformerWeights& w, std::vector<uint32_t> ids,
                bool want_attentions = false, ScanPool* pool = nullptr);

    const Status& status() const { return status_; }
    size_t steps_total() const { return c_.layers + 1; }
    size_t steps_done() const { return out_.layers.size(); }
    bool done() const { return !status_.ok() || steps_done() == steps_total(); }
    const std::vector<uint32_t>& ids() const { return ids_; }
    // Runs the next step (nothing once done).
    void step();
    // The hidden states so far (all of them once done); the pass is spent.
    HiddenStates take() { return std::move(out_); }

private:
    const TransformerConfig& c_;
    const TransformerWeights& w_;
    std::vector<uint32_t> ids_;
    bool attentions_;
    ScanPool* pool_;
    Status status_;
    std::vector<float> x_;  // the residual stream
    RopeTable rope_;
    HiddenStates out_;
};

// Every step at once.
Expected<HiddenStates> run_transformer(const TransformerConfig& c, const TransformerWeights& w,
                                       const std::vector<uint32_t>& ids, bool want_attentions = false,
                                       ScanPool* pool = nullptr);

}  // namespace embx
