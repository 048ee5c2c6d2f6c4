#include "row_set.hpp"

#include <cstring>
#include <stdexcept>
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

void put_u32(std::string& out, std::uint32_t v) {
    char bytes[4];
    std::memcpy(bytes, &v, 4);
    out.append(bytes, 4);
}

void put_field(std::string& out, std::string_view v) {
    put_u32(out, static_cast<std::uint32_t>(v.size()));
    out.append(v);
}

void put_optional(std::string& out, const std::optional<std::string>& v) {
    if (v)
        put_field(out, *v);
    else
        put_u32(out, 0xffffffffu);
}

} // namespace

void need_key(const Row& r, std::string& out) {
    out.clear();
    put_field(out, r.object_type);
    put_optional(out, r.schema_name);
    put_field(out, r.object_name);
    put_optional(out, r.column_name);
    put_field(out, r.privilege);
    put_field(out, r.needed_for);
    out.push_back(static_cast<char>(r.status));
    if (r.fix) {
        out.push_back('f');
        const std::uint64_t h = std::hash<std::string_view>{}(*r.fix);
        char bytes[8];
        std::memcpy(bytes, &h, 8);
        out.append(bytes, 8);
    } else {
        out.push_back('-');
    }
}

RowSet::RowSet(std::size_t expected) : slots_(power_of_two_above(expected)) {
    // About 60 bytes a key (names, step, lengths, fix hash): growing by
    // doubling would copy the arena and fault in fresh pages each time.
    keys_.reserve(expected * 64);
}

void RowSet::clear() {
    slots_.assign(slots_.size(), Slot{});
    used_ = 0;
    keys_.clear();
}

bool RowSet::insert(const Row& row) {
    if ((used_ + 1) * 2 > slots_.size())
        grow();
    need_key(row, key_);
    const std::uint64_t h = std::hash<std::string_view>{}(key_)*0x9e3779b97f4a7c15u;
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.offset_plus == 0) {
            if (keys_.size() + key_.size() + 4 >= 0xffffffffu)
                throw std::length_error("pg_preflight: more check rows than it can deduplicate");
            s.tag = tag;
            s.offset_plus = static_cast<std::uint32_t>(keys_.size() + 1);
            put_u32(keys_, static_cast<std::uint32_t>(key_.size()));
            keys_ += key_;
            ++used_;
            return true;
        }
        if (s.tag == tag && same_key(s.offset_plus - 1))
            return false;
    }
}

bool RowSet::same_key(std::size_t offset) const {
    std::uint32_t length = 0;
    std::memcpy(&length, keys_.data() + offset, 4);
    return length == key_.size() &&
           std::memcmp(keys_.data() + offset + 4, key_.data(), length) == 0;
}

std::uint64_t RowSet::rehash(std::size_t offset) const {
    std::uint32_t length = 0;
    std::memcpy(&length, keys_.data() + offset, 4);
    return std::hash<std::string_view>{}(std::string_view(keys_.data() + offset + 4, length)) *
           0x9e3779b97f4a7c15u;
}

void RowSet::grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (s.offset_plus == 0)
            continue;
        std::size_t i = rehash(s.offset_plus - 1) & mask;
        while (slots_[i].offset_plus != 0)
            i = (i + 1) & mask;
        slots_[i] = s;
    }
}

} // namespace preflight
