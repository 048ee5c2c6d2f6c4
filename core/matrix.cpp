#include "matrix.hpp"

#include "via.hpp"

namespace preflight {

AccessRow access_row(const RoleFacts& role, const std::string& schema, const std::string& name,
                     const Privileges& p, const std::vector<AclMode>& bits, bool owner) {
    AccessRow row;
    row.schema_name = schema;
    row.object_name = name;
    std::vector<std::pair<std::string, std::string>> vias;
    for (AclMode bit : bits) {
        auto v = explain(role, p, bit);
        row.held.push_back(v.has_value());
        if (v)
            vias.emplace_back(privilege_keyword(bit), *v);
    }
    if (owner) {
        auto v = explain_owner(role, p);
        row.held.push_back(v.has_value());
        if (v)
            vias.emplace_back("OWNER", *v);
    }
    bool same = true;
    for (const auto& v : vias)
        same = same && v.second == vias.front().second;
    if (same && !vias.empty()) {
        row.via = vias.front().second;
    } else {
        for (const auto& [k, v] : vias)
            row.via += (row.via.empty() ? "" : "; ") + k + ": " + v;
    }
    return row;
}

} // namespace preflight
