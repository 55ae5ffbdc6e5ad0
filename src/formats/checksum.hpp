// Block checksums for .embx: XXH3-64 (Debian's header-only xxHash), fast enough to verify a
// stream at memory speed in wasm.
#pragma once

#include <cstddef>
#include <cstdint>

namespace embx {

uint64_t checksum64(const void* data, size_t n);

class EmbeddingTable;
// A fingerprint of a table's content (words, stored row bytes, scales, norms): two readers
// (native and wasm, say) agree on a table exactly when their fingerprints agree.
uint64_t table_fingerprint(const EmbeddingTable& table);

}  // namespace embx
