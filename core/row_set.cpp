#include "row_set.hpp"

#include <functional>
#include <string_view>

namespace preflight {

namespace {

std::size_t power_of_two_above(std::size_t n) {
    std::size_t size = 64;
    while (size < n * 2)
        size *= 2;
    return size;
}

} // namespace

std::uint64_t row_hash(const Row& r) {
    // The names, privilege, step and status tell rows apart well; the long
    // fix text is left to same_need.
    std::uint64_t h = std::hash<std::string_view>{}(r.object_name);
    auto mix = [&](std::string_view v) {
        h = (h ^ std::hash<std::string_view>{}(v)) * 1099511628211u;
    };
    if (r.column_name)
        mix(*r.column_name);
    if (r.schema_name)
        mix(*r.schema_name);
    mix(r.privilege);
    mix(r.needed_for);
    return (h ^ static_cast<std::uint64_t>(r.status)) * 0x9e3779b97f4a7c15u;
}

bool same_need(const Row& x, const Row& y) {
    return x.object_type == y.object_type && x.schema_name == y.schema_name &&
           x.object_name == y.object_name && x.column_name == y.column_name &&
           x.privilege == y.privilege && x.needed_for == y.needed_for && x.status == y.status &&
           x.fix == y.fix;
}

RowSet::RowSet(std::size_t expected) : slots_(power_of_two_above(expected)) {}

void RowSet::clear() {
    slots_.assign(slots_.size(), Slot{});
    used_ = 0;
}

bool RowSet::insert(const Rows& rows, std::size_t index) {
    if ((used_ + 1) * 2 > slots_.size())
        grow();
    const Row& row = rows[index];
    const std::uint64_t h = row_hash(row);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.index_plus_one == 0) {
            s.hash = h;
            s.index_plus_one = static_cast<std::uint32_t>(index + 1);
            ++used_;
            return true;
        }
        if (s.hash == h && same_need(rows[s.index_plus_one - 1], row))
            return false;
    }
}

void RowSet::grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (s.index_plus_one == 0)
            continue;
        std::size_t i = s.hash & mask;
        while (slots_[i].index_plus_one != 0)
            i = (i + 1) & mask;
        slots_[i] = s;
    }
}

} // namespace preflight
