#include "shape.hpp"

#include "query.hpp"

#include <map>
#include <set>

namespace preflight::client {

namespace {

// Non-system schemas, by name.
constexpr char kShapeSchemasSql[] =
    "SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE NOT "
    "(n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema') ORDER BY n.nspname COLLATE \"C\"";

// Every column of the ordinary and partitioned tables (partitions are
// written through their parent) of $1 (text[]; NULL: every schema), with
// its table's primary key.
constexpr char kShapeColumnsSql[] =
    "SELECT n.nspname, c.relname, a.attname, "
    "pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, "
    "a.attgenerated OPERATOR(pg_catalog.<>) '' AS generated, "
    "ARRAY(SELECT pa.attname::pg_catalog.text FROM pg_catalog.pg_index x "
    "CROSS JOIN LATERAL pg_catalog.unnest(x.indkey::pg_catalog.int2[]) WITH ORDINALITY k(num, i) "
    "JOIN pg_catalog.pg_attribute pa ON pa.attrelid OPERATOR(pg_catalog.=) x.indrelid "
    "AND pa.attnum OPERATOR(pg_catalog.=) k.num "
    "WHERE x.indrelid OPERATOR(pg_catalog.=) c.oid AND x.indisprimary ORDER BY k.i) AS pk "
    "FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid "
    "AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped "
    "WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}') AND NOT c.relispartition "
    "AND NOT (n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema') "
    "AND ($1::pg_catalog.text[] IS NULL OR n.nspname OPERATOR(pg_catalog.=) ANY ($1)) "
    "ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\", a.attnum";

// User-defined enums, domains and standalone composite types.
constexpr char kShapeTypesSql[] =
    "SELECT t.oid, n.nspname, t.typname, t.typtype, pg_catalog.format_type(t.oid, NULL) AS shown, "
    "ARRAY(SELECT e.enumlabel::pg_catalog.text FROM pg_catalog.pg_enum e "
    "WHERE e.enumtypid OPERATOR(pg_catalog.=) t.oid ORDER BY e.enumsortorder) AS labels, "
    "CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'd' "
    "THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base, "
    "ARRAY(SELECT ca.attname::pg_catalog.text FROM pg_catalog.pg_attribute ca "
    "WHERE ca.attrelid OPERATOR(pg_catalog.=) t.typrelid AND ca.attnum OPERATOR(pg_catalog.>) 0 "
    "AND NOT ca.attisdropped ORDER BY ca.attnum) AS attnames, "
    "ARRAY(SELECT pg_catalog.format_type(ca.atttypid, ca.atttypmod) FROM pg_catalog.pg_attribute "
    "ca WHERE ca.attrelid OPERATOR(pg_catalog.=) t.typrelid AND ca.attnum OPERATOR(pg_catalog.>) "
    "0 AND NOT ca.attisdropped ORDER BY ca.attnum) AS atttypes "
    "FROM pg_catalog.pg_type t "
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace "
    "LEFT JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) t.typrelid "
    "WHERE (t.typtype OPERATOR(pg_catalog.=) ANY ('{e,d}') OR (t.typtype OPERATOR(pg_catalog.=) "
    "'c' AND r.relkind OPERATOR(pg_catalog.=) 'c')) "
    "AND NOT (n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema') "
    "ORDER BY n.nspname COLLATE \"C\", t.typname COLLATE \"C\"";

// The tables for which init_tables runs DO blocks (a constraint, an index,
// a trigger, a column of a user type or with a nextval default), of $1 as
// in kShapeColumnsSql.
constexpr char kShapeDoBlocksSql[] =
    "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
    "WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}') AND NOT c.relispartition "
    "AND NOT (n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema') "
    "AND ($1::pg_catalog.text[] IS NULL OR n.nspname OPERATOR(pg_catalog.=) ANY ($1)) "
    "AND (EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conrelid OPERATOR(pg_catalog.=) "
    "c.oid AND k.contype OPERATOR(pg_catalog.=) ANY ('{p,u,f,c,x}')) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_index x WHERE x.indrelid OPERATOR(pg_catalog.=) c.oid) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_trigger g WHERE g.tgrelid OPERATOR(pg_catalog.=) c.oid "
    "AND NOT g.tgisinternal) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid OPERATOR(pg_catalog.=) "
    "c.oid AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped "
    "AND a.atttypid OPERATOR(pg_catalog.>=) 16384) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid OPERATOR(pg_catalog.=) "
    "'pg_catalog.pg_attrdef'::pg_catalog.regclass AND d.refclassid OPERATOR(pg_catalog.=) "
    "'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid OPERATOR(pg_catalog.=) ANY "
    "(ARRAY(SELECT ad.oid FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid "
    "OPERATOR(pg_catalog.=) c.oid)) AND d.refobjid OPERATOR(pg_catalog.<>) c.oid)) "
    "ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"";

// The functions (outside pg_catalog) the defaults, CHECK constraints and
// triggers of the tables of $1 call, and the sequences their defaults use.
constexpr char kShapeUsesSql[] =
    "SELECT n.nspname, c.relname, u.kind, u.oid, un.nspname AS obj_schema, u.name, u.args "
    "FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
    "CROSS JOIN LATERAL ("
    "SELECT 'f'::pg_catalog.text AS kind, p.oid, p.pronamespace AS nsp, p.proname::pg_catalog.text "
    "AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args "
    "FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) "
    "d.refobjid WHERE d.refclassid OPERATOR(pg_catalog.=) "
    "'pg_catalog.pg_proc'::pg_catalog.regclass "
    "AND ((d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND "
    "d.objid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT ad.oid FROM pg_catalog.pg_attrdef ad "
    "WHERE ad.adrelid OPERATOR(pg_catalog.=) c.oid))) "
    "OR (d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass AND "
    "d.objid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT k.oid FROM pg_catalog.pg_constraint k "
    "WHERE k.conrelid OPERATOR(pg_catalog.=) c.oid AND k.contype OPERATOR(pg_catalog.=) 'c'))) "
    "OR (d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_trigger'::pg_catalog.regclass AND "
    "d.objid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT g.oid FROM pg_catalog.pg_trigger g "
    "WHERE g.tgrelid OPERATOR(pg_catalog.=) c.oid AND NOT g.tgisinternal)))) "
    "UNION SELECT 'S', q.oid, q.relnamespace, q.relname::pg_catalog.text, '' "
    "FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class q ON q.oid OPERATOR(pg_catalog.=) "
    "d.refobjid AND q.relkind OPERATOR(pg_catalog.=) 'S' "
    "WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
    "AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND "
    "d.objid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT ad.oid FROM pg_catalog.pg_attrdef ad "
    "WHERE ad.adrelid OPERATOR(pg_catalog.=) c.oid))) u "
    "JOIN pg_catalog.pg_namespace un ON un.oid OPERATOR(pg_catalog.=) u.nsp "
    "WHERE un.nspname OPERATOR(pg_catalog.<>) ALL ('{pg_catalog,information_schema}') "
    "AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}') AND NOT c.relispartition "
    "AND NOT (n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema') "
    "AND ($1::pg_catalog.text[] IS NULL OR n.nspname OPERATOR(pg_catalog.=) ANY ($1)) "
    "ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\", u.kind, "
    "un.nspname COLLATE \"C\", u.name COLLATE \"C\", u.args COLLATE \"C\"";

// The foreign keys of the tables of $1: the table and columns each references.
constexpr char kShapeReferencesSql[] =
    "SELECT n.nspname, c.relname, rn.nspname AS ref_schema, r.relname AS ref_table, "
    "ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY "
    "u(num, i) JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) k.confrelid "
    "AND a.attnum OPERATOR(pg_catalog.=) u.num ORDER BY u.i) AS ref_columns "
    "FROM pg_catalog.pg_constraint k "
    "JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) k.conrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
    "JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) k.confrelid "
    "JOIN pg_catalog.pg_namespace rn ON rn.oid OPERATOR(pg_catalog.=) r.relnamespace "
    "WHERE k.contype OPERATOR(pg_catalog.=) 'f' "
    "AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}') AND NOT c.relispartition "
    "AND NOT (n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) "
    "'information_schema') "
    "AND ($1::pg_catalog.text[] IS NULL OR n.nspname OPERATOR(pg_catalog.=) ANY ($1)) "
    "ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\", k.conname COLLATE \"C\"";

// Every function and sequence outside the system's schemas.
constexpr char kShapeObjectsSql[] =
    "SELECT 'f' AS kind, p.oid, n.nspname, p.proname::pg_catalog.text AS name, "
    "pg_catalog.pg_get_function_identity_arguments(p.oid) AS args "
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) "
    "p.pronamespace WHERE NOT (n.nspname OPERATOR(pg_catalog.~) '^pg_' OR n.nspname "
    "OPERATOR(pg_catalog.=) 'information_schema') "
    "UNION ALL SELECT 'S', q.oid, n.nspname, q.relname::pg_catalog.text, '' "
    "FROM pg_catalog.pg_class q JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) "
    "q.relnamespace WHERE q.relkind OPERATOR(pg_catalog.=) 'S' AND NOT (n.nspname "
    "OPERATOR(pg_catalog.~) '^pg_' OR n.nspname OPERATOR(pg_catalog.=) 'information_schema')";

// The installed extensions (plpgsql is every database's) and where they are.
constexpr char kShapeExtensionsSql[] =
    "SELECT e.extname, e.extversion, n.nspname FROM pg_catalog.pg_extension e "
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace "
    "WHERE e.extname OPERATOR(pg_catalog.<>) 'plpgsql' ORDER BY e.extname COLLATE \"C\"";

// Every version of every extension the server has a control file for
// (pg_available_extension_versions reads them from disk: a few ms).
constexpr char kShapeAvailableSql[] =
    "SELECT name, version, trusted FROM pg_catalog.pg_available_extension_versions "
    "ORDER BY name COLLATE \"C\", version COLLATE \"C\"";

} // namespace

Shape read_shape(PGconn* conn, const std::optional<std::vector<std::string>>& schemas) {
    // One round trip for all of it (far servers pay for each). format_type()
    // qualifies what is not on the path: every user type.
    const Params scope{schemas ? std::optional<std::string>(array_literal(*schemas))
                               : std::nullopt};
    std::vector<QueryResult> results = query_pipeline(
        conn, {{"SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)", {}},
               {kShapeSchemasSql, {}},
               {kShapeColumnsSql, scope},
               {kShapeDoBlocksSql, scope},
               {kShapeUsesSql, scope},
               {kShapeReferencesSql, scope},
               {kShapeObjectsSql, {}},
               {kShapeTypesSql, {}},
               {kShapeExtensionsSql, {}},
               {kShapeAvailableSql, {}}});
    Shape shape;
    const QueryResult& s = results[1];
    for (int i = 0; i < s.rows(); ++i)
        shape.schemas.push_back(s.text(i, 0));

    const QueryResult& c = results[2];
    const int nsp = c.column("nspname"), rel = c.column("relname"), att = c.column("attname"),
              type = c.column("type"), notnull = c.column("attnotnull"),
              generated = c.column("generated"), pk = c.column("pk");
    for (int i = 0; i < c.rows(); ++i) {
        if (shape.tables.empty() || shape.tables.back().schema != c.text(i, nsp) ||
            shape.tables.back().name != c.text(i, rel)) {
            ShapeTable t;
            t.schema = c.text(i, nsp);
            t.name = c.text(i, rel);
            t.primary_key = c.text_array(i, pk);
            shape.tables.push_back(std::move(t));
        }
        shape.tables.back().columns.push_back(
            {c.text(i, att), c.text(i, type), c.boolean(i, notnull), c.boolean(i, generated)});
    }

    const QueryResult& b = results[3];
    {
        std::set<std::pair<std::string, std::string>> with;
        for (int i = 0; i < b.rows(); ++i)
            with.insert({b.text(i, 0), b.text(i, 1)});
        for (auto& tb : shape.tables)
            tb.do_blocks = with.count({tb.schema, tb.name}) > 0;
    }

    // What each table uses and references, matched to it by name.
    std::map<std::pair<std::string, std::string>, ShapeTable*> by_name;
    for (auto& tb : shape.tables)
        by_name[{tb.schema, tb.name}] = &tb;
    const QueryResult& u = results[4];
    for (int i = 0; i < u.rows(); ++i)
        if (auto it = by_name.find({u.text(i, 0), u.text(i, 1)}); it != by_name.end())
            it->second->uses.push_back({u.text(i, 2)[0], u.text(i, 4), u.text(i, 5), u.text(i, 6),
                                        static_cast<Oid>(u.number(i, 3))});
    const QueryResult& f = results[5];
    for (int i = 0; i < f.rows(); ++i)
        if (auto it = by_name.find({f.text(i, 0), f.text(i, 1)}); it != by_name.end())
            it->second->references.push_back({f.text(i, 2), f.text(i, 3), f.text_array(i, 4)});
    const QueryResult& o = results[6];
    for (int i = 0; i < o.rows(); ++i)
        shape.objects.push_back({o.text(i, 0)[0], o.text(i, 2), o.text(i, 3), o.text(i, 4),
                                 static_cast<Oid>(o.number(i, 1))});

    const QueryResult& t = results[7];
    const int toid = t.column("oid"), tn = t.column("nspname"), tname = t.column("typname"),
              shown = t.column("shown"), kind = t.column("typtype"), labels = t.column("labels"),
              base = t.column("base"), names = t.column("attnames"), types = t.column("atttypes");
    for (int i = 0; i < t.rows(); ++i) {
        ShapeType ty;
        ty.oid = static_cast<Oid>(t.number(i, toid));
        ty.schema = t.text(i, tn);
        ty.name = t.text(i, tname);
        ty.shown = t.text(i, shown);
        ty.kind = t.text(i, kind)[0];
        ty.labels = t.text_array(i, labels);
        ty.base = t.text(i, base);
        const auto n = t.text_array(i, names);
        const auto y = t.text_array(i, types);
        for (std::size_t k = 0; k < n.size() && k < y.size(); ++k)
            ty.attributes.emplace_back(n[k], y[k]);
        shape.types.push_back(std::move(ty));
    }

    const QueryResult& e = results[8];
    for (int i = 0; i < e.rows(); ++i)
        shape.extensions.push_back({e.text(i, 0), e.text(i, 1), e.text(i, 2)});
    const QueryResult& a = results[9];
    for (int i = 0; i < a.rows(); ++i)
        shape.available.push_back({a.text(i, 0), a.text(i, 1), "", a.boolean(i, 2)});
    return shape;
}

} // namespace preflight::client
