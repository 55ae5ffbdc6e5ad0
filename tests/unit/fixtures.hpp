// Test fixtures generated in code: synthetic tables with known structure, and helpers that
// run bytes through importers in chunks of a chosen size.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#if defined(__EMSCRIPTEN__)
#include <emscripten/threading.h>
#endif

#include "core/embedding_table.hpp"
#include "formats/embx_writer.hpp"
#include "formats/importer.hpp"

namespace embx::test {

// Whether this test program can start threads: natively yes; the wasm one is linked without
// -pthread (its libraries are compiled with it, for the threaded page), so it asks at run time.
inline bool threads_available() {
#if defined(__EMSCRIPTEN__)
    return emscripten_has_threading_support() != 0;
#else
    return true;
#endif
}

// Gaussian vectors; rows come in groups of `cluster` that share a centre, so near neighbours
// exist. Words are "w0", "w1", ...
struct FloatTable {
    uint32_t dims = 0;
    std::vector<std::string> words;
    std::vector<float> values;  // rows x dims
    const float* row(size_t r) const { return values.data() + r * dims; }
};

inline FloatTable make_float_table(size_t rows, uint32_t dims, uint64_t seed, size_t cluster = 4) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> g(0.0f, 1.0f);
    FloatTable t;
    t.dims = dims;
    t.values.resize(rows * dims);
    std::vector<float> centre(dims);
    for (size_t r = 0; r < rows; ++r) {
        if (r % cluster == 0)
            for (auto& c : centre) c = g(rng);
        for (uint32_t i = 0; i < dims; ++i) t.values[r * dims + i] = centre[i] + 0.35f * g(rng);
        t.words.push_back("w" + std::to_string(r));
    }
    return t;
}

inline std::shared_ptr<EmbeddingTable> to_table(const FloatTable& f, DType dtype,
                                                const std::string& name = "fixture") {
    TableInfo info;
    info.name = name;
    info.dtype = dtype;
    info.dims = f.dims;
    info.expected_rows = f.words.size();
    auto t = std::make_shared<EmbeddingTable>(info);
    for (size_t r = 0; r < f.words.size(); ++r) t->append_float_row(f.words[r], f.row(r));
    return t;
}

inline std::vector<uint8_t> to_embx_bytes(const EmbeddingTable& t, uint32_t block_rows = 64) {
    std::vector<uint8_t> out;
    EmbxWriteOptions opt;
    opt.block_rows = block_rows;
    const Status s = write_embx(t, opt, [&out](const uint8_t* p, size_t n) {
        out.insert(out.end(), p, p + n);
        return true;
    });
    if (!s.ok()) out.clear();
    return out;
}

// Feeds `bytes` in pieces of `chunk` bytes (the last may be shorter), then finishes.
inline Status feed_all(Importer& imp, const std::vector<uint8_t>& bytes, size_t chunk) {
    for (size_t at = 0; at < bytes.size(); at += chunk) {
        const size_t n = std::min(chunk, bytes.size() - at);
        if (Status s = imp.feed(bytes.data() + at, n); !s.ok()) return s;
    }
    return imp.finish();
}

inline std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace embx::test
