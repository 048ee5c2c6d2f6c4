// The catalog path's SQL (catalog_facts.cpp): each query once, as a named
// constant written out whole, and beside it the columns its reader takes,
// found by name in each result. A server version that needs other SQL gets
// constants of its own with the same column names, and catalog_queries()
// picks them (pg_repack's way); the readers do not change. Where a major
// differs in one expression only, the query is written in parts around it
// (kTypesSqlHead, its array test per major, kTypesSqlTail), as psql's
// describe.c appends by version, so that what the majors share is written
// once; the constants of a major are named for the version they start at
// (kArrayElementSql_140000).
//
// Every query names catalog objects with pg_catalog., spells operators
// OPERATOR(pg_catalog.op) and takes values as parameters ($1 is the role's
// oid unless said otherwise); has_*_privilege and pg_has_role are
// PostgreSQL's own decisions. An object's effective ACL comes as acl_items,
// "grantee:PRIVILEGE" text items from aclexplode (parse_acl merges them);
// that expression, like the test for the system's schemas, is written out in
// each query that needs it, so what runs is what is read here.
#pragma once

#include "query.hpp"

namespace preflight::client {

// The role asked about; $1 is its name.
inline constexpr char kRoleSql[] =
    "SELECT r.oid, r.rolname, r.rolsuper, r.rolcanlogin, r.rolbypassrls, r.rolinherit "
    "FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) $1";
struct RoleColumns {
    int oid, rolname, rolsuper, rolcanlogin, rolbypassrls, rolinherit;
    explicit RoleColumns(const QueryResult& r)
        : oid(r.column("oid")), rolname(r.column("rolname")), rolsuper(r.column("rolsuper")),
          rolcanlogin(r.column("rolcanlogin")), rolbypassrls(r.column("rolbypassrls")),
          rolinherit(r.column("rolinherit")) {}
};

// Every role, and whether the role of $1 uses its privileges, is only a
// member, and may SET ROLE to it; $2 is true for a superuser, who needs none.
inline constexpr char kRolesSqlHead[] =
    "SELECT r.oid, r.rolname, "
    "CASE WHEN $2 THEN false ELSE pg_catalog.pg_has_role($1::pg_catalog.oid, r.oid, "
    "'USAGE') END AS has_usage, "
    "CASE WHEN $2 THEN false ELSE pg_catalog.pg_has_role($1::pg_catalog.oid, r.oid, "
    "'MEMBER') END AS is_member, "
    "CASE WHEN $2 THEN false ELSE ";
// Before 16 every member may SET ROLE.
inline constexpr char kCanSetRoleSql[] =
    "pg_catalog.pg_has_role($1::pg_catalog.oid, r.oid, 'MEMBER')";
// From 16 a grant WITH SET FALSE does not allow it ('SET' is 16's).
inline constexpr char kCanSetRoleSql_160000[] =
    "pg_catalog.pg_has_role($1::pg_catalog.oid, r.oid, 'SET')";
inline constexpr char kRolesSqlTail[] = " END AS can_set FROM pg_catalog.pg_roles r";
struct RolesColumns {
    int oid, rolname, has_usage, is_member, can_set;
    explicit RolesColumns(const QueryResult& r)
        : oid(r.column("oid")), rolname(r.column("rolname")), has_usage(r.column("has_usage")),
          is_member(r.column("is_member")), can_set(r.column("can_set")) {}
};

// The current database.
inline constexpr char kDatabaseSql[] =
    "SELECT d.datname, d.datdba, "
    "ARRAY(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type "
    "FROM pg_catalog.aclexplode(COALESCE(d.datacl, pg_catalog.acldefault('d', d.datdba))) a) "
    "AS acl_items, "
    "pg_catalog.has_database_privilege($1::pg_catalog.oid, d.oid, 'CREATE') AS can_create, "
    "pg_catalog.has_database_privilege($1::pg_catalog.oid, d.oid, 'TEMPORARY') "
    "AS can_temporary, "
    "pg_catalog.has_database_privilege($1::pg_catalog.oid, d.oid, 'CONNECT') AS can_connect "
    "FROM pg_catalog.pg_database d "
    "WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()";
struct DatabaseColumns {
    int datname, datdba, acl_items, can_create, can_temporary, can_connect;
    explicit DatabaseColumns(const QueryResult& r)
        : datname(r.column("datname")), datdba(r.column("datdba")),
          acl_items(r.column("acl_items")), can_create(r.column("can_create")),
          can_temporary(r.column("can_temporary")), can_connect(r.column("can_connect")) {}
};

// plpgsql (init's DO blocks need USAGE on it); no row when it is not installed.
inline constexpr char kLanguageSql[] =
    "SELECT l.lanname, l.lanowner, "
    "ARRAY(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type "
    "FROM pg_catalog.aclexplode(COALESCE(l.lanacl, pg_catalog.acldefault('l', l.lanowner))) a) "
    "AS acl_items, "
    "pg_catalog.has_language_privilege($1::pg_catalog.oid, l.oid, 'USAGE') AS can_usage "
    "FROM pg_catalog.pg_language l WHERE l.lanname OPERATOR(pg_catalog.=) 'plpgsql'";
struct LanguageColumns {
    int lanname, lanowner, acl_items, can_usage;
    explicit LanguageColumns(const QueryResult& r)
        : lanname(r.column("lanname")), lanowner(r.column("lanowner")),
          acl_items(r.column("acl_items")), can_usage(r.column("can_usage")) {}
};

// Every schema but the system's, by name.
inline constexpr char kSchemasSql[] =
    "SELECT n.oid, n.nspname, n.nspowner, "
    "ARRAY(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type "
    "FROM pg_catalog.aclexplode(COALESCE(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) "
    "a) AS acl_items, "
    "pg_catalog.has_schema_privilege($1::pg_catalog.oid, n.oid, 'USAGE') AS can_usage, "
    "pg_catalog.has_schema_privilege($1::pg_catalog.oid, n.oid, 'CREATE') AS can_create "
    "FROM pg_catalog.pg_namespace n WHERE NOT "
    "(n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema') "
    "ORDER BY n.nspname COLLATE \"C\"";
struct SchemasColumns {
    int oid, nspname, nspowner, acl_items, can_usage, can_create;
    explicit SchemasColumns(const QueryResult& r)
        : oid(r.column("oid")), nspname(r.column("nspname")), nspowner(r.column("nspowner")),
          acl_items(r.column("acl_items")), can_usage(r.column("can_usage")),
          can_create(r.column("can_create")) {}
};

// Tables, partitioned tables and sequences outside the system's schemas.
// A sequence's USAGE, SELECT and UPDATE come from has_sequence_privilege,
// a table's privileges from has_table_privilege (NULL for a sequence).
inline constexpr char kRelationsSql[] =
    "SELECT c.oid, c.relnamespace, c.relname, c.relkind, c.relispartition, "
    "c.relrowsecurity, c.relforcerowsecurity, c.relowner, "
    "ARRAY(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type "
    "FROM pg_catalog.aclexplode(COALESCE(c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind "
    "OPERATOR(pg_catalog.=) 'S' THEN 's'::pg_catalog.\"char\" ELSE "
    "'r'::pg_catalog.\"char\" END, c.relowner))) a) AS acl_items, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN "
    "pg_catalog.has_sequence_privilege($1::pg_catalog.oid, c.oid, 'USAGE') ELSE "
    "false END AS can_usage, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN "
    "pg_catalog.has_sequence_privilege($1::pg_catalog.oid, c.oid, 'SELECT') ELSE "
    "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'SELECT') END AS can_select, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'S' THEN "
    "pg_catalog.has_sequence_privilege($1::pg_catalog.oid, c.oid, 'UPDATE') ELSE "
    "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'UPDATE') END AS can_update, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
    "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'INSERT') END AS can_insert, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
    "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'DELETE') END AS can_delete, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
    "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'TRUNCATE') END "
    "AS can_truncate, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
    "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'REFERENCES') END "
    "AS can_references, "
    "CASE WHEN c.relkind OPERATOR(pg_catalog.<>) 'S' THEN "
    "pg_catalog.has_table_privilege($1::pg_catalog.oid, c.oid, 'TRIGGER') END AS can_trigger "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid "
    "OPERATOR(pg_catalog.=) c.relnamespace "
    "WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,S}') AND NOT "
    "(n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema')";
struct RelationsColumns {
    int oid, relnamespace, relname, relkind, relispartition, relrowsecurity, relforcerowsecurity,
        relowner, acl_items, can_usage, can_select, can_update, can_insert, can_delete,
        can_truncate, can_references, can_trigger;
    explicit RelationsColumns(const QueryResult& r)
        : oid(r.column("oid")), relnamespace(r.column("relnamespace")),
          relname(r.column("relname")), relkind(r.column("relkind")),
          relispartition(r.column("relispartition")), relrowsecurity(r.column("relrowsecurity")),
          relforcerowsecurity(r.column("relforcerowsecurity")), relowner(r.column("relowner")),
          acl_items(r.column("acl_items")), can_usage(r.column("can_usage")),
          can_select(r.column("can_select")), can_update(r.column("can_update")),
          can_insert(r.column("can_insert")), can_delete(r.column("can_delete")),
          can_truncate(r.column("can_truncate")), can_references(r.column("can_references")),
          can_trigger(r.column("can_trigger")) {}
};

// Which relation inherits from which (partitions among them); no parameter.
inline constexpr char kInheritsSql[] =
    "SELECT i.inhrelid, i.inhparent FROM pg_catalog.pg_inherits i";
struct InheritsColumns {
    int inhrelid, inhparent;
    explicit InheritsColumns(const QueryResult& r)
        : inhrelid(r.column("inhrelid")), inhparent(r.column("inhparent")) {}
};

// The columns of the tables of $2 (oid[]), with their own ACL items (none
// when attacl is NULL) and the role's column privileges.
// attgenerated is 's' for a stored generated column and, from 18, 'v' for
// a virtual one: the job writes neither.
inline constexpr char kColumnsSql[] =
    "SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.attgenerated, a.attidentity, "
    "a.attnotnull, a.attacl IS NULL AS no_acl, "
    "ARRAY(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type "
    "FROM pg_catalog.aclexplode(a.attacl) a) AS acl_items, "
    "pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
    "'SELECT') AS can_select, "
    "pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
    "'INSERT') AS can_insert, "
    "pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
    "'UPDATE') AS can_update, "
    "pg_catalog.has_column_privilege($1::pg_catalog.oid, a.attrelid, a.attnum, "
    "'REFERENCES') AS can_references "
    "FROM pg_catalog.pg_attribute a "
    "WHERE a.attrelid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) "
    "AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped "
    "ORDER BY a.attrelid, a.attnum";
struct ColumnsColumns {
    int attrelid, attnum, attname, atttypid, attgenerated, attidentity, attnotnull, acl_items,
        can_select, can_insert, can_update, can_references;
    explicit ColumnsColumns(const QueryResult& r)
        : attrelid(r.column("attrelid")), attnum(r.column("attnum")), attname(r.column("attname")),
          atttypid(r.column("atttypid")), attgenerated(r.column("attgenerated")),
          attidentity(r.column("attidentity")), attnotnull(r.column("attnotnull")),
          acl_items(r.column("acl_items")), can_select(r.column("can_select")),
          can_insert(r.column("can_insert")), can_update(r.column("can_update")),
          can_references(r.column("can_references")) {}
};

// Column defaults and generation expressions of the tables of $1 (oid[]),
// as node trees.
inline constexpr char kDefaultsSql[] =
    "SELECT d.adrelid, d.adnum, d.adbin::pg_catalog.text AS adbin "
    "FROM pg_catalog.pg_attrdef d "
    "WHERE d.adrelid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])";
struct DefaultsColumns {
    int adrelid, adnum, adbin;
    explicit DefaultsColumns(const QueryResult& r)
        : adrelid(r.column("adrelid")), adnum(r.column("adnum")), adbin(r.column("adbin")) {}
};

// Sequences owned by a table's column (serial: 'a', identity: 'i'); no
// parameter.
inline constexpr char kSequenceLinksSql[] =
    "SELECT d.objid, d.refobjid, d.refobjsubid, d.deptype FROM pg_catalog.pg_depend d "
    "WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.deptype OPERATOR(pg_catalog.=) ANY ('{a,i}') "
    "AND d.refobjsubid OPERATOR(pg_catalog.>) 0";
struct SequenceLinksColumns {
    int objid, refobjid, refobjsubid, deptype;
    explicit SequenceLinksColumns(const QueryResult& r)
        : objid(r.column("objid")), refobjid(r.column("refobjid")),
          refobjsubid(r.column("refobjsubid")), deptype(r.column("deptype")) {}
};

// Foreign keys and CHECK constraints of tables, by name; for a foreign key
// what the referenced table's owner holds on it (the RI triggers run as
// that owner); no parameter.
// From 18 a CHECK or foreign key may be NOT ENFORCED (conenforced): it calls
// no function and runs no foreign-key check.
inline constexpr char kConstraintsSqlHead[] =
    "SELECT c.conrelid, c.confrelid, c.contype, c.conname, c.conparentid, ";
inline constexpr char kConEnforcedSql[] = "true AS conenforced, ";
inline constexpr char kConEnforcedSql_180000[] = "c.conenforced, ";
inline constexpr char kConstraintsSqlTail[] =
    "c.conkey::pg_catalog.text[] AS conkey, c.confkey::pg_catalog.text[] AS confkey, "
    "c.conbin::pg_catalog.text AS conbin, "
    "ro.rolname, "
    // The check's SELECT ... WHERE key = $1 FOR KEY SHARE reads the key
    // columns (a column grant will do) and asks UPDATE on any column.
    "(SELECT pg_catalog.bool_and(COALESCE(pg_catalog.has_column_privilege(rc.relowner, rc.oid, "
    "k, 'SELECT'), false)) FROM pg_catalog.unnest(c.confkey) k) AS owner_can_select, "
    "pg_catalog.has_any_column_privilege(rc.relowner, rc.oid, 'UPDATE') AS owner_can_update, "
    "pg_catalog.has_schema_privilege(rc.relowner, rc.relnamespace, 'USAGE') "
    "AS owner_schema_usage "
    "FROM pg_catalog.pg_constraint c "
    "LEFT JOIN pg_catalog.pg_class rc ON rc.oid OPERATOR(pg_catalog.=) c.confrelid "
    "LEFT JOIN pg_catalog.pg_roles ro ON ro.oid OPERATOR(pg_catalog.=) rc.relowner "
    "WHERE c.contype OPERATOR(pg_catalog.=) ANY ('{f,c}') AND c.conrelid "
    "OPERATOR(pg_catalog.<>) 0 "
    "ORDER BY c.conname COLLATE \"C\"";
struct ConstraintsColumns {
    int conrelid, confrelid, contype, conname, conparentid, conenforced, conkey, confkey, conbin,
        owner_can_select, owner_can_update, owner_schema_usage;
    explicit ConstraintsColumns(const QueryResult& r)
        : conrelid(r.column("conrelid")), confrelid(r.column("confrelid")),
          contype(r.column("contype")), conname(r.column("conname")),
          conparentid(r.column("conparentid")), conenforced(r.column("conenforced")),
          conkey(r.column("conkey")), confkey(r.column("confkey")), conbin(r.column("conbin")),
          owner_can_select(r.column("owner_can_select")),
          owner_can_update(r.column("owner_can_update")),
          owner_schema_usage(r.column("owner_schema_usage")) {}
};

// The CHECKs along each domain's chain of base types, for the column types
// of $1 (oid[]), as node trees.
inline constexpr char kDomainChecksSql[] =
    "WITH RECURSIVE chain(column_type, domain) AS ("
    " SELECT t.oid, t.oid FROM pg_catalog.pg_type t"
    " WHERE t.oid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])"
    " AND t.typtype OPERATOR(pg_catalog.=) 'd'"
    " UNION ALL"
    " SELECT c.column_type, b.oid FROM chain c"
    " JOIN pg_catalog.pg_type d ON d.oid OPERATOR(pg_catalog.=) c.domain"
    " JOIN pg_catalog.pg_type b ON b.oid OPERATOR(pg_catalog.=) d.typbasetype"
    " WHERE b.typtype OPERATOR(pg_catalog.=) 'd')"
    " SELECT c.column_type, k.conbin::pg_catalog.text AS conbin FROM chain c"
    " JOIN pg_catalog.pg_constraint k ON k.contypid OPERATOR(pg_catalog.=) c.domain"
    " AND k.contype OPERATOR(pg_catalog.=) 'c' WHERE k.conbin IS NOT NULL";
struct DomainChecksColumns {
    int column_type, conbin;
    explicit DomainChecksColumns(const QueryResult& r)
        : column_type(r.column("column_type")), conbin(r.column("conbin")) {}
};

// Unique indexes that can back ON CONFLICT (immediate, valid, on plain
// columns, no predicate) of the tables of $1 (oid[]). From 18 a key WITHOUT
// OVERLAPS is unique and an exclusion constraint's index at once
// (indisexclusion), which no ON CONFLICT infers; before 18 no unique index
// is one.
inline constexpr char kIndexesSql[] =
    "SELECT i.indrelid, i.indisprimary, i.indisexclusion, "
    "i.indkey::pg_catalog.int2[]::pg_catalog.text[] AS indkey, "
    "i.indnkeyatts, (i.indisunique AND i.indimmediate AND i.indisvalid "
    "AND i.indexprs IS NULL AND i.indpred IS NULL) AS key_index "
    "FROM pg_catalog.pg_index i "
    "WHERE i.indrelid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.oid[])";
struct IndexesColumns {
    int indrelid, indisprimary, indisexclusion, indkey, indnkeyatts, key_index;
    explicit IndexesColumns(const QueryResult& r)
        : indrelid(r.column("indrelid")), indisprimary(r.column("indisprimary")),
          indisexclusion(r.column("indisexclusion")), indkey(r.column("indkey")),
          indnkeyatts(r.column("indnkeyatts")), key_index(r.column("key_index")) {}
};

// Row-level security policies of the tables of $2 (oid[]), by name, and
// whether each applies to the role (0 in polroles is PUBLIC).
inline constexpr char kPoliciesSql[] =
    "SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive, "
    "EXISTS (SELECT 1 FROM pg_catalog.unnest(p.polroles) AS u(r) WHERE CASE WHEN u.r "
    "OPERATOR(pg_catalog.=) 0 THEN true ELSE pg_catalog.pg_has_role($1::pg_catalog.oid, "
    "u.r, 'USAGE') END) AS applies, "
    "p.polqual::pg_catalog.text AS polqual, p.polwithcheck::pg_catalog.text AS polwithcheck "
    "FROM pg_catalog.pg_policy p "
    "WHERE p.polrelid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) "
    "ORDER BY p.polname COLLATE \"C\"";
struct PoliciesColumns {
    int polrelid, polname, polcmd, polpermissive, applies, polqual, polwithcheck;
    explicit PoliciesColumns(const QueryResult& r)
        : polrelid(r.column("polrelid")), polname(r.column("polname")), polcmd(r.column("polcmd")),
          polpermissive(r.column("polpermissive")), applies(r.column("applies")),
          polqual(r.column("polqual")), polwithcheck(r.column("polwithcheck")) {}
};

// User triggers that fire in the normal session mode ('O', 'A'), by name;
// no parameter.
inline constexpr char kTriggersSql[] =
    "SELECT t.tgrelid, t.tgname, t.tgtype, t.tgfoid FROM pg_catalog.pg_trigger t "
    "WHERE NOT t.tgisinternal AND t.tgenabled OPERATOR(pg_catalog.=) ANY ('{O,A}') "
    "ORDER BY t.tgname COLLATE \"C\"";
struct TriggersColumns {
    int tgrelid, tgname, tgtype, tgfoid;
    explicit TriggersColumns(const QueryResult& r)
        : tgrelid(r.column("tgrelid")), tgname(r.column("tgname")), tgtype(r.column("tgtype")),
          tgfoid(r.column("tgfoid")) {}
};

// The functions of $2 (oid[]) with their argument types as SQL writes them.
inline constexpr char kFunctionsSql[] =
    "SELECT p.oid, p.pronamespace, n.nspname, p.proname, p.prosecdef, p.proowner, "
    "ARRAY(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type "
    "FROM pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) "
    "a) AS acl_items, "
    "pg_catalog.has_function_privilege($1::pg_catalog.oid, p.oid, 'EXECUTE') AS can_execute, "
    "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.format_type(u.t, NULL) "
    "FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY AS u(t, i) ORDER BY u.i), "
    "', ') AS arguments "
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid "
    "OPERATOR(pg_catalog.=) p.pronamespace "
    "WHERE p.oid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[])";
struct FunctionsColumns {
    int oid, pronamespace, nspname, proname, prosecdef, proowner, acl_items, can_execute, arguments;
    explicit FunctionsColumns(const QueryResult& r)
        : oid(r.column("oid")), pronamespace(r.column("pronamespace")),
          nspname(r.column("nspname")), proname(r.column("proname")),
          prosecdef(r.column("prosecdef")), proowner(r.column("proowner")),
          acl_items(r.column("acl_items")), can_execute(r.column("can_execute")),
          arguments(r.column("arguments")) {}
};

// The user-defined types of $2 (oid[]), an array type as its element (as
// pg_type_aclmask does: an array's privileges are its element's).
inline constexpr char kTypesSqlHead[] =
    "SELECT DISTINCT t.oid, t.typnamespace, n.nspname, t.typname, t.typowner, "
    "ARRAY(SELECT a.grantee::pg_catalog.text OPERATOR(pg_catalog.||) ':' "
    "OPERATOR(pg_catalog.||) a.privilege_type "
    "FROM pg_catalog.aclexplode(COALESCE(t.typacl, pg_catalog.acldefault('T', t.typowner))) "
    "a) AS acl_items, "
    "pg_catalog.has_type_privilege($1::pg_catalog.oid, t.oid, 'USAGE') AS can_usage "
    "FROM pg_catalog.pg_type w "
    "JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) ";
// 13's test for a true array (get_element_type: varlena with an element).
inline constexpr char kArrayElementSql[] =
    "CASE WHEN w.typlen OPERATOR(pg_catalog.=) -1 AND w.typelem OPERATOR(pg_catalog.<>) 0 "
    "THEN w.typelem ELSE w.oid END ";
// 14's (IsTrueArrayType: typsubscript, new in 14, is array_subscript_handler).
inline constexpr char kArrayElementSql_140000[] =
    "CASE WHEN w.typsubscript OPERATOR(pg_catalog.=) "
    "'pg_catalog.array_subscript_handler'::pg_catalog.regproc AND w.typelem "
    "OPERATOR(pg_catalog.<>) 0 THEN w.typelem ELSE w.oid END ";
inline constexpr char kTypesSqlTail[] =
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace "
    "WHERE w.oid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.oid[]) "
    "AND n.nspname OPERATOR(pg_catalog.<>) 'pg_catalog'";
struct TypesColumns {
    int oid, typnamespace, nspname, typname, typowner, acl_items, can_usage;
    explicit TypesColumns(const QueryResult& r)
        : oid(r.column("oid")), typnamespace(r.column("typnamespace")),
          nspname(r.column("nspname")), typname(r.column("typname")),
          typowner(r.column("typowner")), acl_items(r.column("acl_items")),
          can_usage(r.column("can_usage")) {}
};

// The SQL the loader runs, one statement per step (valid while the
// CatalogQueries catalog_queries() returned lives: for the program's life).
struct CatalogQueries {
    const char* role;
    const char* roles;
    const char* database;
    const char* language;
    const char* schemas;
    const char* relations;
    const char* inherits;
    const char* columns;
    const char* defaults;
    const char* sequence_links;
    const char* constraints;
    const char* domain_checks;
    const char* indexes;
    const char* policies;
    const char* triggers;
    const char* functions;
    const char* types;
};

// The queries for a server of PQserverVersion() server_version: 13's for
// anything older (which the client refuses before it gets here), 18's for
// anything newer. Safe to call from several threads.
const CatalogQueries& catalog_queries(int server_version);

} // namespace preflight::client
