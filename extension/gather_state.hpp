// Shared by the facts_*.cpp files while one Catalog is being gathered.
#pragma once

#include "boundary.hpp"
#include "facts.hpp"

#include <set>
#include <unordered_map>
#include <unordered_set>

namespace preflight::ext {

struct GatherState {
    GatherState(const Request& r, Snapshot snap) : request(r), snapshot(snap) {}

    const Request& request;
    Snapshot snapshot;
    Catalog cat;
    std::unordered_map<Oid, std::string> role_names;
    std::unordered_set<Oid> scope_schemas;
    std::set<Oid> wanted_functions; // referenced by constraints, policies, triggers
    std::set<Oid> wanted_types;
    std::unordered_map<Oid, std::vector<Oid>> domain_check_funcs; // domain -> its CHECKs' functions

    // Rows of one relation lie together in most catalogs: remember the last
    // answer (tables are never erased while gathering, so it stays valid).
    TableFacts* table(Oid oid) {
        if (oid != last_oid_) {
            auto it = cat.tables.find(oid);
            last_oid_ = oid;
            last_table_ = it == cat.tables.end() ? nullptr : &it->second;
        }
        return last_table_;
    }

  private:
    Oid last_oid_ = InvalidOid;
    TableFacts* last_table_ = nullptr;
};

// An object's privilege facts from its effective ACL (inside pg::call data).
Privileges make_privileges(const GatherState& s, Acl* acl, Oid owner, AclMode held);

std::string role_name(const GatherState& s, Oid role);

// The parts of gathering, in the order gather() runs them.
void gather_roles(GatherState& s);
void gather_database(GatherState& s);
void gather_schemas(GatherState& s);
void gather_relations(GatherState& s);
void gather_columns(GatherState& s);
void gather_defaults(GatherState& s);
void gather_sequence_links(GatherState& s);
void gather_constraints(GatherState& s);
void gather_domains(GatherState& s);
void gather_indexes(GatherState& s);
void gather_policies(GatherState& s);
void gather_triggers(GatherState& s);
void gather_foreign_key_owners(GatherState& s);
void gather_functions(GatherState& s);
void gather_types(GatherState& s);

} // namespace preflight::ext
