// A transformer's weights in memory: big matrices f32 or int8 (one f32 scale per row),
// biases and norm weights as f32 vectors. Filled by formats/model_weights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace embx {

struct Matrix {
    size_t rows = 0, cols = 0;
    std::vector<float> f32;    // rows * cols, when not quantized
    std::vector<int8_t> i8;    // rows * cols, when quantized
    std::vector<float> scale;  // per row, when quantized: W[r][c] ~= i8[r][c] * scale[r]

    bool quantized() const { return !i8.empty(); }
    // Takes row-major floats; int8 quantizes each row symmetrically.
    static Matrix from_f32(size_t rows, size_t cols, std::vector<float> values, bool int8);
    // Filled in row chunks: allocate once, then set rows [first, first + count) from floats.
    void allocate(size_t rows, size_t cols, bool int8);
    void set_rows(size_t first, size_t count, const float* values);
    // Rows already quantized (an int8 matrix): `count` rows of int8 values and their scales.
    void set_rows_i8(size_t first, size_t count, const int8_t* values, const float* scales);
    void row(size_t r, float* out) const;  // dequantized when int8
    size_t bytes() const { return f32.size() * 4 + i8.size() + scale.size() * 4; }
};

using Vec = std::vector<float>;

struct BertLayerWeights {
    Matrix q, k, v, o, up, down;
    Vec qb, kb, vb, ob, upb, downb;
    Vec attn_ln_w, attn_ln_b, out_ln_w, out_ln_b;
};

struct DecoderLayerWeights {
    Matrix q, k, v, o, gate, up, down;
    Vec qb, kb, vb, ob, gateb, upb, downb;  // empty when the model has none
    Vec input_norm, post_norm;
    Vec q_norm, k_norm;                    // Qwen3, over head_dim
};

struct TransformerWeights {
    Matrix word_embeddings;
    Matrix position_embeddings, token_type_embeddings;  // BERT
    Vec emb_ln_w, emb_ln_b;                              // BERT
    std::vector<BertLayerWeights> bert_layers;
    std::vector<DecoderLayerWeights> decoder_layers;
    Vec final_norm;                                      // decoders
};

}  // namespace embx
