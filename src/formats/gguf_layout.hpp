// The GGUF file layout (versions 2 and 3, as llama.cpp writes it), declared once:
//
//   char[4] "GGUF" | u32 version | u64 tensor_count | u64 kv_count
//   kv_count x  { string key | u32 value_type | value }
//   tensor_count x { string name | u32 n_dims | u64 dims[n_dims] | u32 ggml_type | u64 offset }
//   zero padding to `general.alignment` (default 32)
//   tensor data; each tensor at data_start + offset (a multiple of the alignment)
//
// A string is u64 length + bytes (no terminator). An array value is u32 element type +
// u64 count + elements. dims[0] is the number of values in a row (contiguous), dims[1] the
// number of rows: token_embd.weight is [embedding size, vocabulary size].
#pragma once

#include <cstdint>
#include <string_view>

namespace embx::gguf_format {

constexpr char kMagic[4] = {'G', 'G', 'U', 'F'};
constexpr uint32_t kMinVersion = 2;  // version 1 used u32 lengths and is long gone
constexpr uint32_t kMaxVersion = 3;
constexpr uint64_t kFixedHeaderBytes = 24;
constexpr uint32_t kDefaultAlignment = 32;
constexpr uint32_t kMaxDims = 4;         // GGML_MAX_DIMS
constexpr uint64_t kMaxNameBytes = 65535;  // keys and tensor names

// The smallest possible key-value pair (empty key, one-byte value) and tensor info (empty
// name, one dimension): a count larger than the file could hold is refused up front.
constexpr uint64_t kMinKvBytes = 8 + 4 + 1;
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;

enum ValueType : uint32_t {
    kU8 = 0, kI8 = 1, kU16 = 2, kI16 = 3, kU32 = 4, kI32 = 5, kF32 = 6, kBool = 7,
    kString = 8, kArray = 9, kU64 = 10, kI64 = 11, kF64 = 12,
};
constexpr uint32_t kValueTypeCount = 13;

inline std::string_view value_type_name(uint32_t t) {
    constexpr std::string_view kNames[kValueTypeCount] = {"u8",  "i8",     "u16",   "i16", "u32",
                                                          "i32", "f32",    "bool",  "string",
                                                          "array", "u64",  "i64",   "f64"};
    return t < kValueTypeCount ? kNames[t] : std::string_view("unknown");
}

// Bytes of a scalar value; 0 for string and array (variable length).
inline uint32_t scalar_bytes(uint32_t t) {
    constexpr uint32_t kBytes[kValueTypeCount] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
    return t < kValueTypeCount ? kBytes[t] : 0;
}

// ggml tensor types: values per block and bytes per block. Only the sizes matter here
// (to check that every tensor's data lies inside the file); F32, F16, Q8_0 and BF16 are the
// ones an embedding can be imported from.
struct TensorType {
    uint32_t id;
    std::string_view name;
    uint32_t block_values;
    uint32_t block_bytes;
};

constexpr uint32_t kTypeF32 = 0, kTypeF16 = 1, kTypeQ8_0 = 8, kTypeBF16 = 30;

constexpr TensorType kTensorTypes[] = {
    {0, "F32", 1, 4},          {1, "F16", 1, 2},          {2, "Q4_0", 32, 18},
    {3, "Q4_1", 32, 20},       {6, "Q5_0", 32, 22},       {7, "Q5_1", 32, 24},
    {8, "Q8_0", 32, 34},       {9, "Q8_1", 32, 36},       {10, "Q2_K", 256, 84},
    {11, "Q3_K", 256, 110},    {12, "Q4_K", 256, 144},    {13, "Q5_K", 256, 176},
    {14, "Q6_K", 256, 210},    {15, "Q8_K", 256, 292},    {16, "IQ2_XXS", 256, 66},
    {17, "IQ2_XS", 256, 74},   {18, "IQ3_XXS", 256, 98},  {19, "IQ1_S", 256, 50},
    {20, "IQ4_NL", 32, 18},    {21, "IQ3_S", 256, 110},   {22, "IQ2_S", 256, 82},
    {23, "IQ4_XS", 256, 136},  {24, "I8", 1, 1},          {25, "I16", 1, 2},
    {26, "I32", 1, 4},         {27, "I64", 1, 8},         {28, "F64", 1, 8},
    {29, "IQ1_M", 256, 56},    {30, "BF16", 1, 2},        {34, "TQ1_0", 256, 54},
    {35, "TQ2_0", 256, 66},    {39, "MXFP4", 32, 17},
};

inline const TensorType* find_tensor_type(uint32_t id) {
    for (const auto& t : kTensorTypes)
        if (t.id == id) return &t;
    return nullptr;
}

}  // namespace embx::gguf_format
