// Token strings of a table, in row order, with an exact-match index.
// Strings are arbitrary bytes (LLM vocabularies hold partial UTF-8); nothing here decodes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embx {

class Vocabulary {
public:
    static constexpr uint32_t kNone = UINT32_MAX;

    size_t size() const { return offsets_.size() - 1; }
    std::string_view word(size_t id) const {
        return std::string_view(arena_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]);
    }

    // Appends a word as the next row id. A duplicate keeps its row but the index keeps
    // pointing at the first occurrence (frequency order: the first is the common one).
    // Returns false if the word is a duplicate.
    bool append(std::string_view w);
    void reserve(size_t words, size_t bytes);

    // Exact, byte-wise lookup.
    std::optional<uint32_t> find(std::string_view w) const;

    size_t arena_bytes() const { return arena_.size(); }

private:
    void grow_index();
    size_t slot_of(std::string_view w) const;

    std::string arena_;
    std::vector<uint64_t> offsets_{0};
    std::vector<uint32_t> slots_;  // open addressing, kNone = empty; size is a power of two
};

}  // namespace embx
