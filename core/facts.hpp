// The facts the rules read: what exists and what the role can do.
//
// Both fact providers fill these (the backend from the catalogs and
// PostgreSQL's ACL functions, the client over libpq). Every "held" mask is
// PostgreSQL's own decision; the ACL items and memberships are kept only so
// the rules can explain *how* a privilege is held.
#pragma once

#include "privileges.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace preflight {

struct AclEntry {
    Oid grantee = kPublicGrantee; // kPublicGrantee for PUBLIC
    AclMode privs = 0;
};

// An object's effective ACL (the owner's defaults applied where the catalog
// holds NULL) and the privileges PostgreSQL says the checked role holds.
struct Privileges {
    Oid owner = kInvalidOid;
    std::string owner_name;
    std::vector<AclEntry> acl;
    AclMode held = 0;
};

// A role whose privileges the checked role has (PostgreSQL's has_privs_of_role).
struct Membership {
    std::string name;
    bool predefined = false; // pg_read_all_data, pg_write_all_data, pg_database_owner, ...
};

struct RoleFacts {
    Oid oid = kInvalidOid;
    std::string name;
    bool superuser = false;
    bool login = false;
    bool bypassrls = false;
    bool inherit = true; // rolinherit: before 16, whether every membership passes privileges on
    // From PostgreSQL 16 each membership grant has its own INHERIT and SET
    // options (pg_auth_members.inherit_option, set_option), and rolinherit
    // is only the default of new grants: the fix is GRANT ... WITH INHERIT TRUE.
    bool grant_options = false;
    std::map<Oid, Membership> privs_of; // roles other than itself
    // Names of roles the checked role is a member of without inheriting
    // their privileges (NOINHERIT, or from 16 grants WITH INHERIT FALSE), for
    // explaining why a grant does not count.
    std::map<Oid, std::string> noinherit_member_of;
    // Those of them it cannot SET ROLE to either (16+: grants WITH SET FALSE).
    std::set<Oid> cannot_set_role;
};

struct DatabaseFacts {
    std::string name;
    Privileges priv;
};

// A procedural language: init's DO blocks need USAGE on plpgsql.
struct LanguageFacts {
    std::string name;
    bool exists = false;
    Privileges priv;
};

struct SchemaFacts {
    Oid oid = kInvalidOid;
    std::string name;
    bool exists = true; // false: named in the request, absent from the catalog
    Privileges priv;
};

struct ColumnFacts {
    int attnum = 0;
    std::string name;
    Oid type = kInvalidOid;
    bool generated = false; // GENERATED ALWAYS AS (...) STORED: never written
    char identity = '\0';   // 'a' ALWAYS, 'd' BY DEFAULT, '\0' none
    bool not_null = false;
    Privileges priv; // its ACL; held as has_column_privilege: the table's grant or its own
    std::vector<Oid> generation_funcs; // functions the generation expression calls
    std::vector<Oid> domain_funcs;     // functions its domain's CHECKs call (all levels), sorted
    // A DEFAULT expression (a generation expression is not one): what an
    // INSERT that sends DEFAULT runs (column_defaults "generate"), and what
    // the truncate and sequence-reset steps look for (nextval).
    bool has_default = false;
    std::vector<Oid> default_funcs;     // functions it calls, nextval included, first use first
    std::vector<Oid> default_sequences; // sequences its nextval calls name
};

// What a stored expression makes the executor do (a CHECK constraint, a
// generated column, a default, a policy): both providers read the same.
struct ExpressionFacts {
    std::vector<Oid> functions;         // functions and operator functions, first use first
    std::vector<Oid> nextval_sequences; // nextval('seq'::regclass)
    bool is_true = false;               // the constant true
    bool constant = true;               // references no column: the planner may fold it
    bool sublink = false;               // reads other tables (subqueries are not walked)
};

struct PolicyFacts {
    std::string name;
    char command = '*'; // 'r' SELECT, 'a' INSERT, 'w' UPDATE, 'd' DELETE, '*' ALL
    bool permissive = true;
    bool applies = false; // to the checked role: PUBLIC or a role it has privileges of
    std::optional<ExpressionFacts> using_expr; // filters existing rows
    std::optional<ExpressionFacts> check_expr; // checks new rows (WITH CHECK)
};

namespace trigger_event {
constexpr unsigned kInsert = 1u << 0;
constexpr unsigned kUpdate = 1u << 1;
constexpr unsigned kDelete = 1u << 2;
constexpr unsigned kTruncate = 1u << 3;
} // namespace trigger_event

struct TriggerFacts {
    std::string name;
    unsigned events = 0;
    Oid function = kInvalidOid;
};

struct ForeignKeyFacts {
    std::string name;
    Oid referenced_table = kInvalidOid;
    std::vector<int> columns;            // referencing attnums, in this table
    std::vector<int> referenced_columns; // the referenced key's attnums
    // From 18 a foreign key may be NOT ENFORCED: no check runs on writes
    // (TRUNCATE ... CASCADE still follows it, so referenced_by keeps it).
    bool enforced = true;
    // The foreign-key check runs as the referenced table's owner: what that
    // owner holds on its own table and schema, as PostgreSQL decides. SELECT
    // counts when held on the table or on every referenced column, UPDATE
    // when held on the table or on any column (what the check's row lock asks).
    std::string referenced_owner_name;
    AclMode referenced_owner_table_held = 0;
    bool referenced_owner_schema_usage = true;
};

struct TableFacts {
    Oid oid = kInvalidOid;
    Oid schema = kInvalidOid;
    std::string schema_name;
    std::string name;
    char relkind = 'r';
    bool is_partition = false;
    bool in_scope = false; // selected by the job; others are reached by cascades
    Privileges priv;
    std::vector<ColumnFacts> columns; // user columns, dropped ones left out, in attnum order
    bool rls_enabled = false;
    bool rls_forced = false;
    std::vector<PolicyFacts> policies;
    std::vector<TriggerFacts> triggers;        // enabled, user-defined
    std::vector<Oid> check_funcs;              // functions CHECK constraints call, sorted
    std::vector<ForeignKeyFacts> foreign_keys; // outgoing
    std::vector<Oid> referenced_by;            // tables with a foreign key to this one
    std::vector<Oid> partitions;               // direct children
    int indexes = 0;                           // every index (init guards each with a DO block)
    int checks = 0;                            // CHECK constraints
    std::vector<int> primary_key;              // attnums
    // From 18 a primary key may be WITHOUT OVERLAPS (an exclusion constraint
    // too): still the job's key, but no ON CONFLICT can name it.
    bool primary_key_without_overlaps = false;
    std::vector<std::vector<int>> unique_keys; // attnums of each unique constraint or index
    // Sequences its columns use (nextval defaults, serial, identity), in
    // (schema, name) order: kept here, not in a map beside the tables, so
    // the rules find them with the table they are reading.
    std::vector<Oid> sequences;
};

struct SequenceFacts {
    Oid oid = kInvalidOid;
    Oid schema = kInvalidOid;
    std::string schema_name;
    std::string name;
    Privileges priv;
    Oid owned_by_table = kInvalidOid; // serial or identity link, kInvalidOid when free
    int owned_by_column = 0;
    bool identity = false;
};

struct FunctionFacts {
    Oid oid = kInvalidOid;
    Oid schema = kInvalidOid;
    std::string schema_name;
    std::string name;
    std::string
        arguments; // "integer, text": types as PostgreSQL prints them, qualified when needed
    bool security_definer = false;
    Privileges priv;
};

struct TypeFacts {
    Oid oid = kInvalidOid;
    Oid schema = kInvalidOid;
    std::string schema_name;
    std::string name; // as PostgreSQL prints it
    Privileges priv;
};

// What the job's init would create because the destination lacks it.
// Which objects those are is known only from the source (a job file names
// both ends); the create-tables rule checks what creating each needs.
// Empty when only the destination is read.
struct ObjectToCreate {
    Oid schema = kInvalidOid; // the destination's; kInvalidOid: its schema is absent too
    std::string schema_name;
    std::string name;
};

// A foreign key of a table init creates, to a table (by name) the
// destination may have: REFERENCES on its columns unless the role owns it.
struct ReferenceToCheck {
    std::string schema_name;
    std::string table;
    std::vector<std::string> columns;
};

struct TableToCreate : ObjectToCreate {
    std::vector<Oid> column_types; // present on the destination (see Catalog::types)
    std::vector<Oid> functions;    // present there, called by its defaults, checks or triggers
    // Absent types, sequences and functions it uses: a DO block of init creates each.
    std::vector<ObjectToCreate> objects_to_make;
    std::vector<ReferenceToCheck> references;
    bool do_blocks = false; // init runs DO blocks for it (keys, indexes, sequences, types)
};

// CREATE EXTENSION IF NOT EXISTS "x" VERSION "v" [SCHEMA "s"], for an
// extension of the source the destination has not installed (an installed
// one makes the statement a no-op).
struct ExtensionToCreate {
    std::string name;
    std::string version;            // the source's
    std::string schema;             // where the source has it
    bool available = false;         // the destination's server has its control file
    bool version_available = false; // ... and that version
    bool trusted = false;           // that version may be created by a non-superuser
};

// Everything one check reads. Tables holds the in-scope tables and every
// table a truncate cascade can reach; the maps hold what those refer to.
struct Catalog {
    RoleFacts role;
    DatabaseFacts database;
    LanguageFacts plpgsql;                              // read for init_tables only
    std::vector<SchemaFacts> schemas;                   // the selected schemas, in name order
    std::unordered_map<Oid, SchemaFacts> other_schemas; // schemas of referenced objects
    std::unordered_map<Oid, TableFacts> tables;
    std::vector<Oid> table_order; // in-scope tables, in (schema, name) order
    std::unordered_map<Oid, SequenceFacts> sequences;
    std::unordered_map<Oid, FunctionFacts> functions;
    std::map<Oid, TypeFacts> types;              // user-defined column types of in-scope tables
    std::vector<TableToCreate> tables_to_create; // from the source; see TableToCreate
    std::vector<ExtensionToCreate> extensions_to_create; // from the source, likewise

    // The in-scope tables in table_order, looked up once for the rules' many
    // passes over them (pointers into `tables`, valid while it is unchanged).
    std::vector<const TableFacts*> ordered_tables() const;

    // Records that table `t` uses `sequence`, one of `sequences` (the
    // caller makes sure), once; then puts each table's sequences in
    // (schema, name) order once all are recorded.
    static void link_sequence(TableFacts& t, Oid sequence);
    void sort_table_sequences();

    // A schema by oid, in scope or not; nullptr when unknown (dropped).
    const SchemaFacts* schema(Oid oid) const;
    // Builds the lookup schema() uses; call once the schemas are filled
    // (without it schema() scans, which is fine for small test catalogs).
    void index_schemas();

  private:
    std::unordered_map<Oid, std::size_t> schema_index_; // into schemas; copies stay valid
};

} // namespace preflight
