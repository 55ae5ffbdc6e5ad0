// Writes a table as .embx (layout in embx_layout.hpp) to a byte sink.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

// Receives the file in pieces; returns false when it cannot take them (disk full...).
using ByteSink = std::function<bool(const uint8_t* data, size_t n)>;

struct EmbxWriteOptions {
    uint32_t block_rows = 4096;  // ~0.6 MB per block for 100-d int8: the first answer comes fast
};

Status write_embx(const EmbeddingTable& table, const EmbxWriteOptions& opt, const ByteSink& sink);

}  // namespace embx
