#include "job_compare.hpp"

#include "quote.hpp"
#include "steps.hpp"

#include <map>
#include <set>

namespace preflight {

namespace {

Row absent(const char* type, const std::string& schema, const std::string& name, std::string detail,
           Fix fix) {
    Row r;
    r.object_type = type;
    r.schema_name = schema;
    r.object_name = name;
    r.privilege = "EXISTS";
    r.needed_for = step_name(Step::Write);
    r.status = Status::Missing;
    r.detail = std::move(detail);
    set_fix(r, std::move(fix));
    return r;
}

std::string type_ddl(const ShapeType& t) {
    const std::string name = qualified(t.schema, t.name);
    std::string body;
    if (t.kind == 'e') {
        for (const auto& l : t.labels)
            body += (body.empty() ? "" : ", ") + quote_literal(l);
        return "CREATE TYPE " + name + " AS ENUM (" + body + ");";
    }
    if (t.kind == 'd')
        return "CREATE DOMAIN " + name + " AS " + t.base + ";";
    for (const auto& [a, ty] : t.attributes)
        body += (body.empty() ? "" : ", ") + quote_ident(a) + " " + ty;
    return "CREATE TYPE " + name + " AS (" + body + ");";
}

std::string table_ddl(const ShapeTable& t) {
    std::string cols;
    for (const auto& c : t.columns) {
        if (c.generated)
            continue;
        cols += (cols.empty() ? "" : ", ") + quote_ident(c.name) + " " + c.type +
                (c.not_null ? " NOT NULL" : "");
    }
    if (!t.primary_key.empty()) {
        std::string key;
        for (const auto& k : t.primary_key)
            key += (key.empty() ? "" : ", ") + quote_ident(k);
        cols += ", PRIMARY KEY (" + key + ")";
    }
    return "CREATE TABLE " + qualified(t.schema, t.name) + " (" + cols + ");";
}

// The type a column names, without an array's brackets.
std::string element_of(std::string type) {
    while (type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0)
        type.resize(type.size() - 2);
    return type;
}

} // namespace

Rows compare_shapes(const Shape& source, const Shape& destination, const JobOptions& options,
                    const std::string& role) {
    const bool init = options.init_tables;
    const std::set<std::string> dest_schemas(destination.schemas.begin(),
                                             destination.schemas.end());
    std::map<std::pair<std::string, std::string>, const ShapeTable*> dest_tables;
    for (const auto& t : destination.tables)
        dest_tables[{t.schema, t.name}] = &t;
    std::set<std::string> dest_types;
    for (const auto& t : destination.types)
        dest_types.insert(t.shown);
    std::map<std::string, const ShapeType*> source_types;
    for (const auto& t : source.types)
        source_types[t.shown] = &t;

    Rows out;
    // Schemas, then types, then tables and columns: the order their fixes run in.
    std::set<std::string> schemas_done;
    for (const auto& t : source.tables) {
        if (dest_schemas.count(t.schema) || init || options.create_schemas ||
            !schemas_done.insert(t.schema).second)
            continue;
        out.push_back(absent(
            "schema", t.schema, t.schema,
            "Schema " + quote_ident(t.schema) +
                " holds tables on the source but does not exist on the "
                "destination: writing its tables fails (3F000).",
            {"CREATE SCHEMA " + quote_ident(t.schema) + " AUTHORIZATION " + quote_ident(role) + ";",
             FixOrder::CreateSchema}));
    }
    std::set<std::string> types_done;
    for (const auto& t : source.tables)
        for (const auto& c : t.columns) {
            const std::string ty = element_of(c.type);
            auto st = source_types.find(ty);
            if (st == source_types.end() || dest_types.count(ty) || init ||
                !types_done.insert(ty).second)
                continue;
            const ShapeType& def = *st->second;
            out.push_back(absent(
                "type", def.schema, def.name,
                "Type " + ty + " (column " + quote_ident(c.name) + " of " +
                    qualified(t.schema, t.name) +
                    ") exists on the source but not on the destination: its tables cannot be "
                    "created or written." +
                    (def.kind == 'd' ? " The fix copies the domain's base type, not its "
                                       "constraints: add those by hand."
                                     : ""),
                {type_ddl(def), FixOrder::CreateObject}));
        }
    for (const auto& t : source.tables) {
        auto d = dest_tables.find({t.schema, t.name});
        if (d == dest_tables.end()) {
            if (init)
                continue; // CREATE TABLE IF NOT EXISTS makes it
            out.push_back(absent("table", t.schema, t.name,
                                 "Table " + qualified(t.schema, t.name) +
                                     " exists on the source but not on the destination: every "
                                     "INSERT into it fails (42P01). The fix creates its columns, "
                                     "NOT NULL and primary key, owned by the job's role (as a "
                                     "table init creates is); copy defaults, other constraints "
                                     "and indexes with pg_dump --schema-only, or let the job "
                                     "create it with \"init_tables\": true.",
                                 {table_ddl(t) + " ALTER TABLE " + qualified(t.schema, t.name) +
                                      " OWNER TO " + quote_ident(role) + ";",
                                  FixOrder::CreateObject}));
            continue;
        }
        std::map<std::string, const ShapeColumn*> dest_columns;
        for (const auto& c : d->second->columns)
            dest_columns[c.name] = &c;
        for (const auto& c : t.columns) {
            if (c.generated)
                continue; // the job never writes it
            auto dc = dest_columns.find(c.name);
            if (dc == dest_columns.end()) {
                Row r =
                    absent("column", t.schema, t.name,
                           "Column " + quote_ident(c.name) + " of " + qualified(t.schema, t.name) +
                               " exists on the source but not on the destination: every "
                               "INSERT that names it fails (42703)" +
                               (init ? "; init does not add columns to a table that exists." : "."),
                           {"ALTER TABLE " + qualified(t.schema, t.name) + " ADD COLUMN " +
                                quote_ident(c.name) + " " + c.type + ";",
                            FixOrder::TableOwner});
                r.column_name = c.name;
                out.push_back(std::move(r));
            } else if (dc->second->type != c.type) {
                Row r;
                r.object_type = "column";
                r.schema_name = t.schema;
                r.object_name = t.name;
                r.column_name = c.name;
                r.privilege = "TYPE";
                r.needed_for = step_name(Step::Write);
                r.status = Status::Warning;
                r.detail = "Column " + quote_ident(c.name) + " of " + qualified(t.schema, t.name) +
                           " is " + c.type + " on the source and " + dc->second->type +
                           " on the destination: values are converted on INSERT, which may fail "
                           "or change them.";
                out.push_back(std::move(r));
            }
        }
    }
    return out;
}

InitFromSource init_from_source(const Shape& source, const Shape& destination) {
    std::set<std::pair<std::string, std::string>> present;
    for (const auto& t : destination.tables)
        present.insert({t.schema, t.name});
    std::map<std::string, const ShapeType*> source_types, dest_types;
    for (const auto& t : source.types)
        source_types[t.shown] = &t;
    for (const auto& t : destination.types)
        dest_types[t.shown] = &t;
    const std::set<ShapeObject> dest_objects(destination.objects.begin(),
                                             destination.objects.end());

    InitFromSource out;
    std::set<std::string> table_schemas{"public"};
    for (const auto& t : source.tables) {
        table_schemas.insert(t.schema);
        if (present.count({t.schema, t.name}))
            continue;
        TableToCreate c;
        c.schema_name = t.schema;
        c.name = t.name;
        c.do_blocks = t.do_blocks;
        for (const auto& u : t.uses) {
            auto d = dest_objects.find(u);
            if (d == dest_objects.end())
                c.objects_to_make.push_back({kInvalidOid, u.schema, u.name});
            else if (u.kind == 'f')
                c.functions.push_back(d->oid);
        }
        for (const auto& r : t.references)
            c.references.push_back({r.schema, r.table, r.columns});
        std::set<std::string> seen;
        for (const auto& col : t.columns) {
            const std::string ty = element_of(col.type);
            auto st = source_types.find(ty);
            if (st == source_types.end() || !seen.insert(ty).second)
                continue;
            if (auto d = dest_types.find(ty); d != dest_types.end())
                c.column_types.push_back(d->second->oid);
            else
                c.objects_to_make.push_back({kInvalidOid, st->second->schema, st->second->name});
        }
        out.tables.push_back(std::move(c));
    }

    std::set<std::string> installed;
    for (const auto& e : destination.extensions)
        installed.insert(e.name);
    for (const auto& e : source.extensions) {
        if (installed.count(e.name) || !table_schemas.count(e.schema))
            continue;
        ExtensionToCreate x{e.name, e.version, e.schema};
        for (const auto& a : destination.available) {
            if (a.name != e.name)
                continue;
            x.available = true;
            if (a.version == e.version) {
                x.version_available = true;
                x.trusted = a.trusted;
            }
        }
        out.extensions.push_back(std::move(x));
    }
    return out;
}

} // namespace preflight
