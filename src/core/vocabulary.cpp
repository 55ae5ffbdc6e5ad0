#include "core/vocabulary.hpp"

namespace embx {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// FNV-1a with a final mix: the same value on every platform (wasm32 and x86-64 agree).
template <bool Folded>
uint32_t hash_word(std::string_view w) {
    uint64_t h = 1469598103934665603ull;
    for (char c : w) h = (h ^ uint8_t(Folded ? fold(c) : c)) * 1099511628211ull;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    return uint32_t(h ^ (h >> 32));
}

bool equal_folded(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (fold(a[i]) != fold(b[i])) return false;
    return true;
}

}  // namespace

template <bool Folded>
size_t Vocabulary::probe(const std::vector<Slot>& table, std::string_view w, uint32_t h) const {
    const size_t mask = table.size() - 1;
    size_t s = h & mask;
    for (;; s = (s + 1) & mask) {
        const Slot& slot = table[s];
        if (slot.id == kNone) return s;
        if (slot.hash == h && (Folded ? equal_folded(word(slot.id), w) : word(slot.id) == w)) return s;
    }
}

void Vocabulary::reserve(size_t words, size_t bytes) {
    arena_.reserve(bytes);
    offsets_.reserve(words + 1);
    // Size the index for all of them now, in one step: rehashing while words stream in costs
    // more, and each intermediate size would be a freed block the allocator may never reuse.
    size_t n = slots_.empty() ? 1024 : slots_.size();
    while ((words + 1) * 4 > n * 3) n *= 2;
    if (n > slots_.size()) grow_index(n);
}

void Vocabulary::grow_index(size_t n) {
    if (n == 0) n = slots_.empty() ? 1024 : slots_.size() * 2;
    // Stored hashes make re-inserting cheap: no string is hashed or compared again.
    auto rehash = [n](std::vector<Slot>& table) {
        std::vector<Slot> old(n);
        old.swap(table);
        for (const Slot& slot : old) {
            if (slot.id == kNone) continue;
            size_t s = slot.hash & (n - 1);
            while (table[s].id != kNone) s = (s + 1) & (n - 1);
            table[s] = slot;
        }
    };
    rehash(slots_);
    rehash(folded_slots_);
}

bool Vocabulary::append(std::string_view w) {
    const auto id = static_cast<uint32_t>(size());
    if (over_load(size() + 1)) grow_index();
    const uint32_t h = hash_word<false>(w), fh = hash_word<true>(w);
    const size_t s = probe<false>(slots_, w, h);  // probe among the words already present
    const size_t fs = probe<true>(folded_slots_, w, fh);
    arena_.append(w.data(), w.size());
    offsets_.push_back(arena_.size());
    if (folded_slots_[fs].id == kNone) folded_slots_[fs] = {id, fh};  // keep the first casing
    if (slots_[s].id != kNone) return false;
    slots_[s] = {id, h};
    return true;
}

size_t Vocabulary::append_many(const std::string_view* words, size_t n) {
    // Grow first so the slot addresses computed for prefetching stay valid.
    while (over_load(size() + n + 1)) grow_index();
    constexpr size_t kAhead = 8;
    std::vector<uint32_t> hashes(n);
    for (size_t i = 0; i < n; ++i) hashes[i] = hash_word<false>(words[i]);
    const size_t mask = slots_.size() - 1;
    size_t duplicates = 0;
    for (size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) {
#if defined(__GNUC__) || defined(__clang__)
            __builtin_prefetch(&slots_[hashes[i + kAhead] & mask]);
#endif
        }
        duplicates += !append(words[i]);
    }
    return duplicates;
}

std::optional<uint32_t> Vocabulary::find(std::string_view w) const {
    if (slots_.empty()) return std::nullopt;
    const uint32_t id = slots_[probe<false>(slots_, w, hash_word<false>(w))].id;
    if (id == kNone) return std::nullopt;
    return id;
}

std::optional<uint32_t> Vocabulary::find_folded(std::string_view w) const {
    if (folded_slots_.empty()) return std::nullopt;
    const uint32_t id = folded_slots_[probe<true>(folded_slots_, w, hash_word<true>(w))].id;
    if (id == kNone) return std::nullopt;
    return id;
}

}  // namespace embx
