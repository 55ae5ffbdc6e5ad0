#include "formats/table_fit.hpp"

#include "core/byte_size.hpp"

namespace embx {

Status check_table_fits(const std::string& who, uint64_t rows, DType dtype, uint32_t dims, uint64_t memory_limit) {
    const size_t row_bytes = dtype_row_bytes(dtype, dims);
    const uint64_t most = table_max_rows(row_bytes, memory_limit);
    if (rows <= most) return Status::success();
    const std::string shape = std::to_string(rows) + " rows x " + std::to_string(dims) + " dims (" +
                              std::string(dtype_name(dtype)) + ")";
    const std::string fits = "at most ~" + std::to_string(most) +
                             " rows of this width fit; `embx convert --limit N` makes a smaller table";
    if (most == table_max_rows(row_bytes, 0))
        return Error{who + ": too big for this build: " + shape + " cannot be addressed (" + fits + ")"};
    return Error{who + ": too big for the memory available: " + shape + " need about " +
                 human_bytes(table_memory_bytes(rows, row_bytes)) + " and " + human_bytes(memory_limit) +
                 " is available (" + fits + ")"};
}

std::string out_of_memory(const EmbeddingTable& table) {
    std::string s = "out of memory after " + std::to_string(table.rows()) + " rows";
    if (const uint64_t limit = table.info().memory_limit)
        s += " (" + human_bytes(limit) + " was available for this table; `embx convert --limit N` makes a smaller one)";
    return s;
}

}  // namespace embx
