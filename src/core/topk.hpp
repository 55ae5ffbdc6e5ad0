// Bounded top-k selection: keeps the k best (score, row) pairs seen so far.
// Ties go to the lower row id (more frequent word), so results are deterministic.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace embx {

struct Hit {
    uint32_t row;
    float score;
};

class TopK {
public:
    // The heap grows as rows enter: k may come from a caller (embx.neighbors(w, 2e9)) and be
    // far more than will ever be held.
    explicit TopK(size_t k) : k_(k) { heap_.reserve(std::min<size_t>(k, 4096) + 1); }

    // Smallest score that can still enter (so callers can skip work for the rest).
    float threshold() const { return full() ? heap_.front().score : -INFINITY; }
    bool full() const { return heap_.size() >= k_; }

    void push(uint32_t row, float score) {
        if (k_ == 0) return;
        const Hit h{row, score};
        if (!full()) {
            heap_.push_back(h);
            std::push_heap(heap_.begin(), heap_.end(), worse_first);
        } else if (better(h, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), worse_first);
            heap_.back() = h;
            std::push_heap(heap_.begin(), heap_.end(), worse_first);
        }
    }

    // Best first.
    std::vector<Hit> sorted() const {
        std::vector<Hit> out = heap_;
        std::sort(out.begin(), out.end(), better);
        return out;
    }

private:
    static bool better(const Hit& a, const Hit& b) {
        return a.score > b.score || (a.score == b.score && a.row < b.row);
    }
    // Heap comparator that keeps the worst hit at the front.
    static bool worse_first(const Hit& a, const Hit& b) { return better(a, b); }

    size_t k_;
    std::vector<Hit> heap_;
};

}  // namespace embx
