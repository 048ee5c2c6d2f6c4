#include "rules_init_from_source.hpp"

#include "quote.hpp"

namespace preflight {

namespace {

constexpr const char* kExtensionSurvived =
    "Neosync records this and goes on: the extension stays absent, and creating the types, "
    "tables and defaults that use it then fails.";

// The statement as Neosync writes it (statements.go: no SCHEMA clause for public).
std::string create_extension_sql(const ExtensionToCreate& x, bool with_version) {
    return "CREATE EXTENSION IF NOT EXISTS " + quote_ident(x.name) +
           (with_version ? " VERSION " + quote_ident(x.version) : std::string()) +
           (x.schema == "public" ? std::string() : " SCHEMA " + quote_ident(x.schema)) + ";";
}

// What a superuser runs for the role: the extension in place, so the job's
// CREATE EXTENSION IF NOT EXISTS does nothing. Its schema first when init
// would have made it (owned by the role, as init's CREATE SCHEMA makes it).
Fix extension_fix(const RowBuilder& n, const ExtensionToCreate& x, bool with_version) {
    if (x.schema == "public")
        return {create_extension_sql(x, with_version), FixOrder::CreateObject};
    return {"CREATE SCHEMA IF NOT EXISTS " + quote_ident(x.schema) + " AUTHORIZATION " +
                n.role_ident() + "; " + create_extension_sql(x, with_version),
            FixOrder::CreateSchema};
}

void create_extension(RowBuilder& n, const ExtensionToCreate& x) {
    const std::string stmt = create_extension_sql(x, true);
    const Catalog& cat = n.catalog();
    Row r = n.row("extension", x.schema, x.name, 0, Step::CreateTables);
    if (!x.available) {
        r.privilege = "EXISTS";
        r.status = Status::Missing;
        r.detail = "Extension " + quote_ident(x.name) +
                   " is installed on the source but not available on the destination's server "
                   "(no control file): " +
                   stmt + " fails (58P01). Install the package that provides it on that server.";
    } else if (!x.version_available) {
        r.privilege = "VERSION";
        r.status = Status::Missing;
        r.detail = "Version " + quote_ident(x.version) + " of extension " + quote_ident(x.name) +
                   " (the source's) is not available on the destination's server: " + stmt +
                   " fails (22023). The fix installs the version that server has, as a "
                   "superuser, so the job's statement does nothing.";
        set_fix(r, extension_fix(n, x, false));
    } else if (x.trusted && !cat.role.superuser) {
        n.database(priv::kCreate, Step::CreateTables,
                   "run " + stmt + " (a trusted extension: CREATE on the database is enough)");
        return;
    } else {
        r.privilege = "SUPERUSER";
        if (cat.role.superuser) {
            r.via = "superuser";
            r.detail = "Needed to run " + stmt + ".";
        } else {
            r.status = Status::Missing;
            r.detail = "Extension " + quote_ident(x.name) +
                       " is not trusted: only a superuser may create it, so " + stmt +
                       " fails for the role (42501). The fix creates it as the superuser who "
                       "runs the script, so the job's statement does nothing.";
            set_fix(r, extension_fix(n, x, true));
        }
    }
    n.add(std::move(r));
}

// A foreign key init adds to a table it creates: REFERENCES on the
// referenced columns of a table the destination has (one init creates is
// the role's).
void references(RowBuilder& n, const TableToCreate& t, const ReferenceToCheck& r) {
    for (const TableFacts* ref : n.tables()) {
        if (ref->schema_name != r.schema_name || ref->name != r.table)
            continue;
        std::vector<int> attnums;
        for (const auto& name : r.columns)
            for (const auto& c : ref->columns)
                if (c.name == name)
                    attnums.push_back(c.attnum);
        n.columns(*ref, priv::kReferences, attnums, Step::CreateTables,
                  "add the foreign key of " + qualified(t.schema_name, t.name) +
                      " (a table init creates) that references " + table_label(*ref));
    }
}

} // namespace

void create_extensions(RowBuilder& n) {
    RowBuilder::Survivable survives(n, kExtensionSurvived);
    for (const auto& x : n.catalog().extensions_to_create)
        create_extension(n, x);
}

bool create_absent_tables(RowBuilder& n) {
    const Catalog& cat = n.catalog();
    bool do_blocks = false;
    for (const auto& t : cat.tables_to_create) {
        // An absent schema is made by init's CREATE SCHEMA, owned by the role.
        for (const auto& o : t.objects_to_make) {
            if (o.schema == kInvalidOid)
                continue;
            n.schema(o.schema, priv::kCreate, Step::CreateTables,
                     "create the types, sequences and functions the destination lacks in schema",
                     o.schema_name);
            n.schema(o.schema, priv::kUsage, Step::CreateTables,
                     "name the types, sequences and functions init creates in schema",
                     o.schema_name);
        }
        if (t.schema != kInvalidOid) {
            n.schema(t.schema, priv::kCreate, Step::CreateTables,
                     "create the tables the destination lacks in schema", t.schema_name);
            n.schema(t.schema, priv::kUsage, Step::CreateTables,
                     "complete and write the tables init creates in schema", t.schema_name);
        }
        for (Oid type : t.column_types)
            if (auto ty = cat.types.find(type); ty != cat.types.end())
                n.type(ty->second, Step::CreateTables);
        for (Oid f : t.functions)
            n.function(f, Step::CreateTables,
                       "call it from a default, CHECK constraint or trigger of " +
                           qualified(t.schema_name, t.name) + ", a table init creates");
        for (const auto& r : t.references)
            references(n, t, r);
        do_blocks = do_blocks || t.do_blocks || !t.objects_to_make.empty();
    }
    return do_blocks;
}

} // namespace preflight
