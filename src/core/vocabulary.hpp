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
    // Appends many words; returns how many were duplicates. Faster than one at a time: the
    // index slots of upcoming words are prefetched while earlier ones are inserted.
    size_t append_many(const std::string_view* words, size_t n);
    void reserve(size_t words, size_t bytes);

    // Exact, byte-wise lookup.
    std::optional<uint32_t> find(std::string_view w) const;
    // Case-insensitive lookup (ASCII letters only are folded; other bytes must match): the
    // most frequent (lowest id) word whose folded form equals the folded `w`.
    std::optional<uint32_t> find_folded(std::string_view w) const;

    size_t arena_bytes() const { return arena_.size(); }
    size_t index_bytes() const { return (slots_.size() + folded_slots_.size()) * sizeof(Slot); }
    // Everything held: the words, their offsets and the index (capacities, not sizes).
    size_t memory_bytes() const { return arena_.capacity() + offsets_.capacity() * sizeof(uint64_t) + index_bytes(); }

private:
    // Open-addressing slot: the row id and the low 32 bits of the word's hash, so a probe
    // compares strings only when hashes agree (a string compare is a cache miss into the arena).
    struct Slot {
        uint32_t id = kNone;
        uint32_t hash = 0;
    };
    template <bool Folded>
    size_t probe(const std::vector<Slot>& table, std::string_view w, uint32_t h) const;
    void grow_index(size_t slots = 0);  // to `slots` (a power of two), or twice the size
    // Linear probing stays short up to a load of 3/4 (a miss reads ~8 slots of 8 bytes, mostly
    // in one cache line); the default table's 341,479 words fit 2^19 slots a table (4.2 MB) at 0.65.
    bool over_load(size_t words) const { return words * 4 > slots_.size() * 3; }

    std::string arena_;
    std::vector<uint64_t> offsets_{0};
    // Power-of-two sizes, load factor at most 3/4; both grow together.
    std::vector<Slot> slots_;         // exact words
    std::vector<Slot> folded_slots_;  // first id of each ASCII-case-folded form
};

}  // namespace embx
