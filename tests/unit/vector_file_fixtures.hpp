// Fixtures for the word-vector and matrix importers, generated in code from a FloatTable:
// GloVe / word2vec / fastText text, word2vec binary, Projector TSV and .npy bytes, plus
// helpers that check an imported table against the floats it came from.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/half.hpp"
#include "fixtures.hpp"

namespace embx::test {

struct TextStyle {
    bool header = false;          // word2vec / fastText "V D" line
    bool crlf = false;
    bool bom = false;
    bool final_newline = true;
    bool trailing_space = false;  // fastText ends each row with a space
    const char* separator = " ";
};

inline std::string float_text(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", double(v));
    return buf;
}

inline std::string vectors_text(const FloatTable& f, const TextStyle& s = {}) {
    const char* eol = s.crlf ? "\r\n" : "\n";
    std::string out = s.bom ? "\xEF\xBB\xBF" : "";
    if (s.header) out += std::to_string(f.words.size()) + " " + std::to_string(f.dims) + eol;
    for (size_t r = 0; r < f.words.size(); ++r) {
        out += f.words[r];
        for (uint32_t d = 0; d < f.dims; ++d) out += s.separator + float_text(f.row(r)[d]);
        if (s.trailing_space) out += " ";
        if (r + 1 < f.words.size() || s.final_newline) out += eol;
    }
    return out;
}

inline std::vector<uint8_t> word2vec_binary(const FloatTable& f, bool row_newline = true) {
    std::string head = std::to_string(f.words.size()) + " " + std::to_string(f.dims) + "\n";
    std::vector<uint8_t> out(head.begin(), head.end());
    for (size_t r = 0; r < f.words.size(); ++r) {
        out.insert(out.end(), f.words[r].begin(), f.words[r].end());
        out.push_back(' ');
        const auto* p = reinterpret_cast<const uint8_t*>(f.row(r));
        out.insert(out.end(), p, p + 4 * f.dims);
        if (row_newline) out.push_back('\n');
    }
    return out;
}

inline std::string projector_vectors(const FloatTable& f) {
    std::string out;
    for (size_t r = 0; r < f.words.size(); ++r) {
        for (uint32_t d = 0; d < f.dims; ++d) out += (d ? "\t" : "") + float_text(f.row(r)[d]);
        out += "\n";
    }
    return out;
}

// An .npy file with the given header dict text (padded as NumPy pads it) and data bytes.
inline std::vector<uint8_t> npy_file(const std::string& dict, const std::vector<uint8_t>& data, int major = 1) {
    const size_t preamble = major == 1 ? 10 : 12;
    std::string header = dict;
    while ((preamble + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(major), 0};
    const auto n = uint32_t(header.size());
    for (size_t i = 0; i < preamble - 8; ++i) out.push_back(uint8_t(n >> (8 * i)));
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

// The values of `f` as '<f4', '<f2' or '<f8' bytes.
inline std::vector<uint8_t> npy_data(const FloatTable& f, const std::string& descr) {
    std::vector<uint8_t> out;
    for (float v : f.values) {
        if (descr == "<f2") {
            const uint16_t h = f32_to_f16(v);
            out.push_back(uint8_t(h));
            out.push_back(uint8_t(h >> 8));
        } else if (descr == "<f8") {
            const double d = v;
            const auto* p = reinterpret_cast<const uint8_t*>(&d);
            out.insert(out.end(), p, p + 8);
        } else {
            const auto* p = reinterpret_cast<const uint8_t*>(&v);
            out.insert(out.end(), p, p + 4);
        }
    }
    return out;
}

inline std::string npy_dict(const std::string& descr, size_t rows, uint32_t dims) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " +
           std::to_string(dims) + "), }";
}

inline std::vector<uint8_t> npy_bytes(const FloatTable& f, const std::string& descr = "<f4", int major = 1) {
    return npy_file(npy_dict(descr, f.words.size(), f.dims), npy_data(f, descr), major);
}

// Largest error a value may carry after storage in `dtype` (i8: half a quantization step of
// the row's largest magnitude; f16: a relative 2^-11).
inline float dtype_tolerance(DType dtype, const float* row, uint32_t dims, float v) {
    if (dtype == DType::F32) return 0.0f;
    if (dtype == DType::F16) return std::fabs(v) / 2048.0f + 1e-7f;
    float m = 0;
    for (uint32_t i = 0; i < dims; ++i) m = std::max(m, std::fabs(row[i]));
    return m / 127.0f * 0.5f + 1e-6f;
}

// Rows [0, rows) of `t` hold `f`'s words (unless `check_words` is false) and values.
inline void expect_rows_match(const EmbeddingTable& t, const FloatTable& f, size_t rows, bool check_words = true) {
    ASSERT_GE(t.rows(), rows);
    ASSERT_EQ(t.dims(), f.dims);
    std::vector<float> v(f.dims);
    for (size_t r = 0; r < rows; ++r) {
        if (check_words) { ASSERT_EQ(t.word(r), f.words[r]) << "row " << r; }
        t.row_as_float(r, v.data());
        for (uint32_t d = 0; d < f.dims; ++d) {
            const float want = f.row(r)[d];
            ASSERT_NEAR(v[d], want, dtype_tolerance(t.dtype(), f.row(r), f.dims, want)) << "row " << r << " dim " << d;
        }
    }
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// On wasm32 a header announcing 2^31 rows of 65536 f32 values (512 TB) cannot be addressed:
// feeding it is refused at once, with at most a small table made. True when this build is
// such a build and the check ran (the caller's test then ends).
template <class ImporterPtr>
bool refused_as_unaddressable_on_32_bit(ImporterPtr& imp, const std::vector<uint8_t>& bytes) {
    if (sizeof(size_t) >= 8) return false;
    const Status early = imp->feed(bytes.data(), bytes.size());
    EXPECT_FALSE(early.ok());
    EXPECT_TRUE(contains(early.error(), "too big for this build: 2147483648 rows x 65536 dims (f32) cannot be addressed"))
        << early.error();
    if (imp->table()) {
        EXPECT_LT(imp->table()->memory_bytes(), size_t(1) << 20);
    }
    return true;
}

inline std::string joined(const std::vector<std::string>& notes) {
    std::string s;
    for (const auto& n : notes) s += n + "\n";
    return s;
}

}  // namespace embx::test
