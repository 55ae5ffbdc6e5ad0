#include "formats/checksum.hpp"

#include "core/embedding_table.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace embx {

uint64_t checksum64(const void* data, size_t n) { return XXH3_64bits(data, n); }

uint64_t table_fingerprint(const EmbeddingTable& t) {
    XXH3_state_t* st = XXH3_createState();
    XXH3_64bits_reset(st);
    XXH3_64bits_update(st, t.rows_begin(), t.rows() * t.row_bytes());
    for (size_t r = 0; r < t.rows(); ++r) {
        const float sn[2] = {t.scale(r), t.norm(r)};
        const auto w = t.word(r);
        const auto len = uint32_t(w.size());
        XXH3_64bits_update(st, sn, sizeof sn);
        XXH3_64bits_update(st, &len, sizeof len);
        XXH3_64bits_update(st, w.data(), w.size());
    }
    const uint64_t h = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    return h;
}

}  // namespace embx
