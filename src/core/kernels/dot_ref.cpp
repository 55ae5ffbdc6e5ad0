// Scalar reference kernels: the definition every SIMD kernel is tested against.
#include <cstring>

#include "core/kernels/dot.hpp"

namespace embx::kernels {

namespace {

int32_t dot_i8_ref(const int8_t* row, const int16_t* q, size_t n) {
    int32_t acc = 0;
    for (size_t i = 0; i < n; ++i) acc += int32_t(row[i]) * int32_t(q[i]);
    return acc;
}

void dot_rows_i8_ref(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                     int32_t* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_i8_ref(reinterpret_cast<const int8_t*>(rows + r * stride), q, n);
}

float dot_f32_ref(const float* a, const float* b, size_t n) {
    // Double accumulation: the reference should be the most accurate, not the fastest.
    double acc = 0;
    for (size_t i = 0; i < n; ++i) acc += double(a[i]) * double(b[i]);
    return float(acc);
}

void dot_rows_f32_ref(const uint8_t* rows, size_t stride, size_t count, const float* q, size_t n,
                      float* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_f32_ref(reinterpret_cast<const float*>(rows + r * stride), q, n);
}

}  // namespace

const KernelSet& kernels_ref() {
    static const KernelSet k{Isa::Ref, "ref", dot_i8_ref, dot_rows_i8_ref, dot_f32_ref,
                             dot_rows_f32_ref};
    return k;
}

}  // namespace embx::kernels
