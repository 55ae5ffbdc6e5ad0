// Scaled dot-product attention over one sequence, with grouped KV heads (kv head j serves
// query heads j*g .. j*g+g-1, g = heads / kv_heads) and an optional causal mask.
#pragma once

#include <cstddef>
#include <vector>

namespace embx {

class ScanPool;

struct AttentionShape {
    size_t tokens = 0, heads = 0, kv_heads = 0, head_dim = 0;
    bool causal = false;
};

// q: [token][heads * head_dim]; k, v: [token][kv_heads * head_dim]; ctx: [token][heads * head_dim].
// probs, when not null, receives [head][query][key] (tokens * tokens per head). With a pool the
// heads are shared among its threads.
void attention(const AttentionShape& s, const float* q, const float* k, const float* v, float* ctx,
               float* probs = nullptr, ScanPool* pool = nullptr);

// Softmax of n values in place (max subtracted; exp_fast; eight float partial sums).
void softmax(float* x, size_t n);

}  // namespace embx
