// Word2Vec training parameters: the original tool's names and defaults (word2vec.c as
// published on code.google.com in 2013-2015, the version with -iter):
//   -cbow 1 -size 100 -window 5 -negative 5 -hs 0 -sample 1e-3 -min-count 5 -iter 5
//   -alpha 0.05 for CBOW, 0.025 for skip-gram (alpha <= 0 here means "that default")
// The tool's -threads default is 12; ours is 1 (the CLI picks the machine's cores).
#pragma once

#include <cstdint>

#include "core/status.hpp"

namespace embx::train {

struct Word2VecParams {
    bool cbow = true;  // -cbow 1: CBOW; 0: skip-gram
    uint32_t size = 100;  // -size: vector dimensions
    uint32_t window = 5;  // -window: max distance to a context word (each step draws b < window)
    uint32_t negative = 5;  // -negative: negative samples per prediction (0 = off)
    bool hs = false;  // -hs 1: hierarchical softmax
    double sample = 1e-3;  // -sample: frequent-word subsampling threshold (0 = off)
    uint64_t min_count = 5;  // -min-count
    double alpha = 0;  // -alpha: starting learning rate; <= 0: 0.05 CBOW, 0.025 skip-gram
    uint32_t iter = 5;  // -iter: epochs
    uint32_t threads = 1;  // -threads: corpus parts trained at once (Hogwild)
    uint64_t seed = 1;  // initial weights and each part's random numbers
    bool lowercase = false;  // lower-case the text (not in the tool)

    double starting_alpha() const { return alpha > 0 ? alpha : cbow ? 0.05 : 0.025; }
};

// Checks every parameter before any work; the message names the parameter and its range.
inline Status validate_params(const Word2VecParams& p) {
    auto bad = [](const char* what) { return Status(Error{what}); };
    if (p.size == 0 || p.size > 10000) return bad("size must be between 1 and 10000");
    if (p.window == 0 || p.window > 1000) return bad("window must be between 1 and 1000");
    if (p.negative > 1000) return bad("negative must be between 0 and 1000 (5-20 is usual)");
    if (p.negative == 0 && !p.hs) return bad("nothing to train: give negative > 0 or hs (hierarchical softmax)");
    if (!(p.sample >= 0) || p.sample > 1) return bad("sample must be between 0 and 1 (1e-3 to 1e-5 is usual)");
    if (p.alpha < 0 || !(p.alpha < 10))
        return bad("alpha must be positive (0.025 to 0.05 is usual), or 0 for the default");
    if (p.iter == 0 || p.iter > 10000) return bad("iter must be between 1 and 10000");
    if (p.threads == 0 || p.threads > 1024) return bad("threads must be between 1 and 1024");
    return Status::success();
}

}  // namespace embx::train
