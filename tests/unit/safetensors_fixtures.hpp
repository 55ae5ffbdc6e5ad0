// In-memory safetensors files and model folders for the transformer tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace embx::test {

using TensorList = std::vector<std::pair<std::string, std::vector<uint64_t>>>;

// A one-file safetensors image of F32 tensors; element i of the whole data block is value(i).
inline std::vector<uint8_t> safetensors_image(const TensorList& tensors, const std::function<float(size_t)>& value) {
    std::string header = "{";
    uint64_t at = 0;
    for (const auto& [name, shape] : tensors) {
        uint64_t n = 1;
        std::string dims;
        for (uint64_t d : shape) {
            n *= d;
            dims += (dims.empty() ? "" : ",") + std::to_string(d);
        }
        header += (header.size() > 1 ? "," : "") + std::string("\"") + name + "\":{\"dtype\":\"F32\",\"shape\":[" + dims +
                  "],\"data_offsets\":[" + std::to_string(at) + "," + std::to_string(at + 4 * n) + "]}";
        at += 4 * n;
    }
    header += "}";
    // Built as a string: GCC 12 warns (falsely) on vector inserts after a fixed-size start.
    std::string bytes;
    const uint64_t len = header.size();
    for (int i = 0; i < 8; ++i) bytes += char(uint8_t(len >> (8 * i)));
    bytes += header;
    char b[4];
    for (uint64_t i = 0; i < at / 4; ++i) {
        const float v = value(size_t(i));
        std::memcpy(b, &v, 4);
        bytes.append(b, 4);
    }
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

inline std::vector<uint8_t> safetensors_image(const TensorList& tensors, float fill) {
    return safetensors_image(tensors, [fill](size_t) { return fill; });
}

// A small deterministic pseudo-random value in [-0.5, 0.5) for element i.
inline float hashed_value(size_t i) {
    uint64_t x = uint64_t(i) * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 32;
    return float(double(x >> 11) / double(uint64_t(1) << 53)) - 0.5f;
}

}  // namespace embx::test
