// Differential: every compiled instruction set's kernels against the scalar reference on
// vectors made from the input. int8 dot products are exact integers, so they must agree bit
// for bit; float dots within a bound that grows with the sum of |a_i * b_i|.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/kernels/dot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const size_t n = (size - 1) / 2;  // int8 rows: two halves of the input
    std::vector<int8_t> a(n);
    std::vector<int16_t> q(n);
    for (size_t i = 0; i < n; ++i) {
        a[i] = int8_t(data[1 + i]);
        q[i] = int16_t(int8_t(data[1 + n + i]) * 2);  // queries are int8-range values widened
    }
    std::vector<float> x(n), y(n);
    for (size_t i = 0; i < n; ++i) {
        x[i] = float(a[i]) / 16.0f;
        y[i] = float(q[i]) / 32.0f;
    }
    const embx::kernels::KernelSet& ref = embx::kernels::kernels_ref();
    const int32_t want = ref.dot_i8(a.data(), q.data(), n);
    const float want_f = ref.dot_f32(x.data(), y.data(), n);
    double bound = 0;
    for (size_t i = 0; i < n; ++i) bound += std::fabs(double(x[i]) * y[i]);
    for (const embx::kernels::KernelSet* k : embx::kernels::available_kernels()) {
        if (k->dot_i8(a.data(), q.data(), n) != want) std::abort();
        if (std::fabs(double(k->dot_f32(x.data(), y.data(), n)) - want_f) > 1e-5 * bound + 1e-6) std::abort();
        // Row batches: the same row four times (the 4-row kernels and their tails).
        std::vector<uint8_t> rows(4 * n);
        for (size_t r = 0; r < 4 && n; ++r) std::memcpy(rows.data() + r * n, a.data(), n);
        int32_t out[4];
        k->dot_rows_i8(rows.data(), n, 4, q.data(), n, out);
        for (int32_t v : out)
            if (v != want) std::abort();
    }
    return 0;
}
