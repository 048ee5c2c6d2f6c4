#include "string_set.hpp"

#include <functional>
#include <stdexcept>

namespace preflight {

namespace {

std::size_t power_of_two_above(std::size_t n) {
    std::size_t size = 64;
    while (size < n * 2)
        size *= 2;
    return size;
}

} // namespace

StringSet::StringSet(std::size_t expected, std::size_t typical_size)
    : slots_(power_of_two_above(expected)) {
    // Growing by doubling would copy the arena and fault in fresh pages.
    entries_.reserve(expected);
    arena_.reserve(expected * typical_size);
}

std::uint64_t StringSet::hash(std::string_view s) {
    return std::hash<std::string_view>{}(s)*0x9e3779b97f4a7c15u;
}

void StringSet::clear() {
    slots_.assign(slots_.size(), Slot{});
    entries_.clear();
    arena_.clear();
}

std::pair<std::uint32_t, bool> StringSet::insert(std::string_view s) {
    if ((entries_.size() + 1) * 2 > slots_.size())
        grow();
    const std::uint64_t h = hash(s);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.index_plus == 0) {
            if (arena_.size() + s.size() >= 0xffffffffu)
                throw std::length_error("pg_preflight: more text than one string set can hold");
            entries_.push_back(Entry{static_cast<std::uint32_t>(arena_.size()),
                                     static_cast<std::uint32_t>(s.size())});
            arena_.append(s);
            slot.tag = tag;
            slot.index_plus = static_cast<std::uint32_t>(entries_.size());
            return {slot.index_plus - 1, true};
        }
        if (slot.tag == tag && at(slot.index_plus - 1) == s)
            return {slot.index_plus - 1, false};
    }
}

void StringSet::grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    const std::size_t mask = bigger.size() - 1;
    for (const Slot& slot : slots_) {
        if (slot.index_plus == 0)
            continue;
        std::size_t i = hash(at(slot.index_plus - 1)) & mask;
        while (bigger[i].index_plus != 0)
            i = (i + 1) & mask;
        bigger[i] = slot;
    }
    slots_.swap(bigger);
}

} // namespace preflight
