// Shared by the facts_*.cpp files while one Catalog is being gathered.
#pragma once

#include "boundary.hpp"
#include "facts.hpp"

#include <cstdint>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

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
            last_oid_ = oid;
            last_table_ = find_table(oid);
        }
        return last_table_;
    }
    SequenceFacts* sequence(Oid oid) {
        if (!by_oid_.empty()) {
            const std::uint32_t v = slot(oid);
            return (v & 1u) ? sequences_[(v >> 1) - 1] : nullptr;
        }
        auto it = cat.sequences.find(oid);
        return it == cat.sequences.end() ? nullptr : &it->second;
    }

    // Once pg_class is read (no table or sequence is added after): the
    // relations by oid in one array when their oids are dense, as in a
    // catalog made in bulk. The later scans look up the relation of every
    // pg_attribute, pg_attrdef and pg_depend row, and a miss in the hash
    // maps' scattered nodes cost more than reading the row.
    void index_relations();

  private:
    // by_oid_[oid - base_oid_]: 0 for none, else (index + 1) * 2 into
    // tables_, or that plus 1 into sequences_.
    std::uint32_t slot(Oid oid) const {
        const Oid i = oid - base_oid_; // below the base it wraps: out of range
        return i < by_oid_.size() ? by_oid_[i] : 0u;
    }
    TableFacts* find_table(Oid oid) {
        if (!by_oid_.empty()) {
            const std::uint32_t v = slot(oid);
            return (v && !(v & 1u)) ? tables_[(v >> 1) - 1] : nullptr;
        }
        auto it = cat.tables.find(oid);
        return it == cat.tables.end() ? nullptr : &it->second;
    }

    Oid last_oid_ = InvalidOid;
    TableFacts* last_table_ = nullptr;
    Oid base_oid_ = InvalidOid;
    std::vector<std::uint32_t> by_oid_;
    std::vector<TableFacts*> tables_;
    std::vector<SequenceFacts*> sequences_;
};

// An object's privilege facts from its effective ACL (inside pg::call data).
Privileges make_privileges(const GatherState& s, Acl* acl, Oid owner, AclMode held);

std::string role_name(const GatherState& s, Oid role);

// The parts of gathering, in the order gather() runs them.
void gather_roles(GatherState& s);
void gather_database(GatherState& s);
void gather_language(GatherState& s);
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
