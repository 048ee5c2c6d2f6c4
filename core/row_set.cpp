#include "row_set.hpp"

#include <cstring>
#include <functional>
#include <string_view>

namespace preflight {

namespace {

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

bool RowSet::insert(const Row& row) {
    need_key(row, key_);
    return keys_.insert(key_).second;
}

} // namespace preflight
