// Writers for the LLM file formats, used only by the tests: safetensors and GGUF files built
// in memory from a float matrix, plus the encodings (bf16, f16, Q8_0) with the exact values a
// reader must decode from them. Bad files are made by editing these structures or bytes.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/half.hpp"
#include "fixtures.hpp"
#include "formats/byte_order.hpp"

namespace embx::test {

inline void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    const size_t at = out.size();
    out.resize(at + 4);
    store_le<uint32_t>(out.data() + at, v);
}
inline void put_u64(std::vector<uint8_t>& out, uint64_t v) {
    const size_t at = out.size();
    out.resize(at + 8);
    store_le<uint64_t>(out.data() + at, v);
}
inline void put_bytes(std::vector<uint8_t>& out, const std::string& s) { out.insert(out.end(), s.begin(), s.end()); }

inline uint16_t f32_to_bf16(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    return uint16_t((x + 0x7FFF + ((x >> 16) & 1)) >> 16);
}
inline float bf16_to_f32(uint16_t b) {
    const uint32_t x = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &x, 4);
    return f;
}

// A matrix encoded in one element type: the bytes, and the floats they decode to.
struct Encoded {
    std::vector<uint8_t> bytes;
    std::vector<float> values;  // rows x dims, exactly what the stored bytes mean
};

enum class Enc { F32, F16, BF16, Q8_0 };

inline Encoded encode(const FloatTable& f, Enc e) {
    Encoded out;
    const size_t rows = f.words.size();
    const uint32_t dims = f.dims;
    for (size_t r = 0; r < rows; ++r) {
        const float* x = f.row(r);
        if (e == Enc::Q8_0) {  // like ggml: d = max|x| / 127 stored as f16, q = round(x / d)
            for (uint32_t b = 0; b < dims / 32; ++b) {
                float amax = 0;
                for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[b * 32 + i]));
                const float d = amax / 127.0f, inv = d ? 1.0f / d : 0.0f;
                const uint16_t dh = f32_to_f16(d);
                out.bytes.push_back(uint8_t(dh));
                out.bytes.push_back(uint8_t(dh >> 8));
                for (int i = 0; i < 32; ++i) {
                    const auto q = int8_t(std::lround(x[b * 32 + i] * inv));
                    out.bytes.push_back(uint8_t(q));
                    out.values.push_back(f16_to_f32(dh) * float(q));
                }
            }
            continue;
        }
        for (uint32_t i = 0; i < dims; ++i) {
            const size_t at = out.bytes.size();
            if (e == Enc::F32) {
                out.bytes.resize(at + 4);
                store_le<float>(out.bytes.data() + at, x[i]);
                out.values.push_back(x[i]);
            } else {
                const uint16_t h = e == Enc::F16 ? f32_to_f16(x[i]) : f32_to_bf16(x[i]);
                out.bytes.resize(at + 2);
                store_le<uint16_t>(out.bytes.data() + at, h);
                out.values.push_back(e == Enc::F16 ? f16_to_f32(h) : bf16_to_f32(h));
            }
        }
    }
    return out;
}

// --- safetensors ----------------------------------------------------------------------------

struct StTensor {
    std::string name, dtype;
    std::vector<uint64_t> shape;
    std::vector<uint8_t> data;
};

// The JSON header for tensors stored back to back in the given order.
inline std::string st_header(const std::vector<StTensor>& tensors, const std::string& metadata_json = "") {
    std::string h = "{";
    if (!metadata_json.empty()) h += "\"__metadata__\":" + metadata_json;
    uint64_t at = 0;
    for (const auto& t : tensors) {
        if (h.size() > 1) h += ",";
        h += "\"" + t.name + "\":{\"dtype\":\"" + t.dtype + "\",\"shape\":[";
        for (size_t i = 0; i < t.shape.size(); ++i) h += (i ? "," : "") + std::to_string(t.shape[i]);
        h += "],\"data_offsets\":[" + std::to_string(at) + "," + std::to_string(at + t.data.size()) + "]}";
        at += t.data.size();
    }
    return h + "}";
}

inline std::vector<uint8_t> st_file(const std::string& header, const std::vector<uint8_t>& buffer) {
    std::vector<uint8_t> out;
    put_u64(out, header.size());
    put_bytes(out, header);
    out.insert(out.end(), buffer.begin(), buffer.end());
    return out;
}

inline std::vector<uint8_t> st_file(const std::vector<StTensor>& tensors, const std::string& metadata_json = "") {
    std::vector<uint8_t> buffer;
    for (const auto& t : tensors) buffer.insert(buffer.end(), t.data.begin(), t.data.end());
    return st_file(st_header(tensors, metadata_json), buffer);
}

// --- GGUF -----------------------------------------------------------------------------------

namespace gguf_type {
constexpr uint32_t U8 = 0, U32 = 4, F32 = 6, BOOL = 7, STRING = 8, ARRAY = 9, U64 = 10;
}
namespace ggml_type {
constexpr uint32_t F32 = 0, F16 = 1, Q4_K = 12, Q8_0 = 8, BF16 = 30;
}

inline std::vector<uint8_t> gguf_str(const std::string& s) {
    std::vector<uint8_t> out;
    put_u64(out, s.size());
    put_bytes(out, s);
    return out;
}

struct GgufKv {
    std::string key;
    uint32_t type;
    std::vector<uint8_t> value;  // the encoded value after the type
};

inline GgufKv kv_string(const std::string& k, const std::string& v) { return {k, gguf_type::STRING, gguf_str(v)}; }
inline GgufKv kv_u32(const std::string& k, uint32_t v) {
    GgufKv kv{k, gguf_type::U32, {}};
    put_u32(kv.value, v);
    return kv;
}
inline GgufKv kv_f32(const std::string& k, float v) {
    GgufKv kv{k, gguf_type::F32, std::vector<uint8_t>(4)};
    store_le<float>(kv.value.data(), v);
    return kv;
}
inline GgufKv kv_strings(const std::string& k, const std::vector<std::string>& v) {
    GgufKv kv{k, gguf_type::ARRAY, {}};
    put_u32(kv.value, gguf_type::STRING);
    put_u64(kv.value, v.size());
    for (const auto& s : v) {
        auto e = gguf_str(s);
        kv.value.insert(kv.value.end(), e.begin(), e.end());
    }
    return kv;
}

struct GgufTensor {
    std::string name;
    std::vector<uint64_t> dims;  // ggml order: row length first
    uint32_t type;
    std::vector<uint8_t> data;
    int64_t offset = -1;         // -1: laid out after the previous tensor, aligned
};

struct GgufFile {
    uint32_t version = 3;
    uint32_t alignment = 32;  // used for the layout; add general.alignment yourself to change it
    std::vector<GgufKv> kvs;
    std::vector<GgufTensor> tensors;

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> out = {'G', 'G', 'U', 'F'};
        put_u32(out, version);
        put_u64(out, tensors.size());
        put_u64(out, kvs.size());
        for (const auto& kv : kvs) {
            auto k = gguf_str(kv.key);
            out.insert(out.end(), k.begin(), k.end());
            put_u32(out, kv.type);
            out.insert(out.end(), kv.value.begin(), kv.value.end());
        }
        std::vector<uint64_t> offsets;
        uint64_t at = 0;
        for (const auto& t : tensors) {
            const uint64_t off = t.offset >= 0 ? uint64_t(t.offset) : at;
            offsets.push_back(off);
            at = std::max(at, off + (t.data.size() + alignment - 1) / alignment * alignment);
            auto n = gguf_str(t.name);
            out.insert(out.end(), n.begin(), n.end());
            put_u32(out, uint32_t(t.dims.size()));
            for (uint64_t d : t.dims) put_u64(out, d);
            put_u32(out, t.type);
            put_u64(out, off);
        }
        out.resize((out.size() + alignment - 1) / alignment * alignment, 0);
        const size_t data_start = out.size();
        for (size_t i = 0; i < tensors.size(); ++i) {
            const auto& d = tensors[i].data;
            if (out.size() < data_start + offsets[i] + d.size()) out.resize(data_start + offsets[i] + d.size(), 0);
            std::copy(d.begin(), d.end(), out.begin() + long(data_start + offsets[i]));
        }
        if (out.size() < data_start + at) out.resize(data_start + at, 0);  // the last tensor is padded too
        return out;
    }
};

}  // namespace embx::test
