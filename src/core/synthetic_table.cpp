#include "core/synthetic_table.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace embx {

Expected<std::shared_ptr<EmbeddingTable>> make_synthetic_i8_table(size_t rows, size_t dims, uint32_t seed) {
    if (rows == 0 || dims == 0 || dims > 65536 || rows > (size_t(1) << 31))
        return Error{"a synthetic table needs 1..2^31 rows and 1..65536 dims"};
    TableInfo info;
    info.name = "synthetic " + std::to_string(rows) + "x" + std::to_string(dims);
    info.dtype = DType::I8;
    info.dims = uint32_t(dims);
    info.expected_rows = rows;
    auto t = std::make_shared<EmbeddingTable>(info);
    if (!t->reserve_rows(rows)) return Error{"not enough memory for " + info.name};
    std::mt19937 rng(seed);
    std::vector<uint8_t> row(t->row_bytes(), 0);
    for (size_t r = 0; r < rows; ++r) {
        int64_t sq = 0;
        for (size_t d = 0; d < dims; ++d) {
            const int v = int(rng() % 255) - 127;
            row[d] = uint8_t(int8_t(v));
            sq += v * v;
        }
        t->append_row("t" + std::to_string(r), row.data(), 0.01f, float(std::sqrt(double(sq)) * 0.01));
    }
    return t;
}

}  // namespace embx
