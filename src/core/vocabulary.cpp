#include "core/vocabulary.hpp"

#include <functional>

namespace embx {

namespace {
size_t hash_word(std::string_view w) { return std::hash<std::string_view>{}(w); }
}  // namespace

void Vocabulary::reserve(size_t words, size_t bytes) {
    arena_.reserve(bytes);
    offsets_.reserve(words + 1);
}

size_t Vocabulary::slot_of(std::string_view w) const {
    const size_t mask = slots_.size() - 1;
    size_t s = hash_word(w) & mask;
    while (slots_[s] != kNone && word(slots_[s]) != w) s = (s + 1) & mask;
    return s;
}

void Vocabulary::grow_index() {
    std::vector<uint32_t> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kNone);
    for (uint32_t id : old)
        if (id != kNone) slots_[slot_of(word(id))] = id;
}

bool Vocabulary::append(std::string_view w) {
    const auto id = static_cast<uint32_t>(size());
    // Keep the load factor under 1/2 so probes stay short.
    if ((size() + 1) * 2 > slots_.size()) grow_index();
    const size_t s = slot_of(w);  // probe among the words already present
    arena_.append(w.data(), w.size());
    offsets_.push_back(arena_.size());
    if (slots_[s] != kNone) return false;
    slots_[s] = id;
    return true;
}

std::optional<uint32_t> Vocabulary::find(std::string_view w) const {
    if (slots_.empty()) return std::nullopt;
    const uint32_t id = slots_[slot_of(w)];
    if (id == kNone) return std::nullopt;
    return id;
}

}  // namespace embx
