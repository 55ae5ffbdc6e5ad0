#include "core/background_search.hpp"

#include <algorithm>

namespace embx {

bool BackgroundSearch::start(std::shared_ptr<const EmbeddingTable> table, std::vector<float> query, SearchOptions opt) {
    if (running_ || !pool_.done()) return false;
    table_ = std::move(table);
    query_ = std::move(query);
    opt_ = std::move(opt);
    opt_.pool = nullptr;
    const size_t rows = opt_.restrict_rows ? std::min(opt_.restrict_rows, table_->rows()) : table_->rows();
    const size_t parts = pool_.threads();
    parts_.assign(parts, std::vector<Hit>{});
    running_ = true;
    pool_.start(parts, [this, rows, parts](size_t p) {
        const size_t begin = scan_part_start(rows, parts, p), end = scan_part_start(rows, parts, p + 1);
        if (begin >= end) return;  // restrict_rows = 0 would mean "every row"
        SearchOptions o = opt_;
        o.first_row = begin;
        o.restrict_rows = end;
        parts_[p] = nearest_to_vector(*table_, query_.data(), o);
    });
    return true;
}

std::optional<Expected<std::vector<Hit>>> BackgroundSearch::poll() {
    if (!running_ || !pool_.done()) return std::nullopt;
    running_ = false;
    TopK top(opt_.k);
    for (const auto& part : parts_) {
        if (!part) return Expected<std::vector<Hit>>(Error{part.error()});
        for (const Hit& h : *part) top.push(h.row, h.score);
    }
    return Expected<std::vector<Hit>>(top.sorted());
}

}  // namespace embx
