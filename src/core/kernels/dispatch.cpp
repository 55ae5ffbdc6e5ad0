// The one place that decides which kernel set runs.
#include "core/kernels/dot.hpp"
#include "core/kernels/scatter.hpp"
#include "core/kernels/train.hpp"

#if defined(EMBX_HAVE_AVX2)
#include <cpuid.h>
#endif

namespace embx::kernels {

#if defined(EMBX_HAVE_AVX2)
namespace {
// F16C (half <-> float) is asked of CPUID directly: clang 14's __builtin_cpu_supports does not
// know "f16c". CPUID leaf 1, ECX bit 29.
bool cpu_has_f16c() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 29));
}
bool cpu_has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cpu_has_f16c(); }
}  // namespace
#endif

const KernelSet* kernels_for(Isa isa) {
    switch (isa) {
        case Isa::Ref: return &kernels_ref();
        case Isa::Avx2:
#if defined(EMBX_HAVE_AVX2)
            if (cpu_has_avx2()) return &kernels_avx2();
#endif
            return nullptr;
        case Isa::Simd128:
#if defined(__wasm_simd128__)
            return &kernels_simd128();
#else
            return nullptr;
#endif
    }
    return nullptr;
}

const KernelSet& best_kernels() {
    for (Isa isa : {Isa::Simd128, Isa::Avx2})
        if (const KernelSet* k = kernels_for(isa)) return *k;
    return kernels_ref();
}

std::vector<const KernelSet*> available_kernels() {
    std::vector<const KernelSet*> out;
    for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Simd128})
        if (const KernelSet* k = kernels_for(isa)) out.push_back(k);
    return out;
}

// PCA's scatter kernels follow the dot kernels' availability (same instruction sets).
ScatterF32 scatter_f32_for(Isa isa) {
    if (!kernels_for(isa)) return nullptr;
    switch (isa) {
        case Isa::Ref: return scatter_f32_ref;
        case Isa::Avx2:
#if defined(EMBX_HAVE_AVX2)
            return scatter_f32_avx2;
#else
            return nullptr;
#endif
        case Isa::Simd128:
#if defined(__wasm_simd128__)
            return scatter_f32_simd128;
#else
            return nullptr;
#endif
    }
    return nullptr;
}

ScatterF32 best_scatter_f32() { return scatter_f32_for(best_kernels().isa); }

// The training kernels too.
const TrainKernels* train_kernels_for(Isa isa) {
    if (!kernels_for(isa)) return nullptr;
    switch (isa) {
        case Isa::Ref: return &train_kernels_ref();
        case Isa::Avx2:
#if defined(EMBX_HAVE_AVX2)
            return &train_kernels_avx2();
#else
            return nullptr;
#endif
        case Isa::Simd128:
#if defined(__wasm_simd128__)
            return &train_kernels_simd128();
#else
            return nullptr;
#endif
    }
    return nullptr;
}

const TrainKernels& best_train_kernels() { return *train_kernels_for(best_kernels().isa); }

}  // namespace embx::kernels
