#include "row_builder.hpp"

#include "interrupts.hpp"
#include "quote.hpp"
#include "statement_mask.hpp"
#include "via.hpp"

#include <cctype>
#include <functional>
#include <string_view>

namespace preflight {

namespace {

// Where a GRANT of `bit` on an object of `kind` runs in the fix script.
FixOrder grant_order(AclMode bit, const char* kind) {
    const std::string_view k = kind;
    if (k == "DATABASE")
        return bit == priv::kConnect     ? FixOrder::Connect
               : bit == priv::kCreate    ? FixOrder::CreateOnDatabase
               : bit == priv::kTemporary ? FixOrder::Temporary
                                         : FixOrder::Grant;
    if (k == "SCHEMA")
        return bit == priv::kUsage    ? FixOrder::SchemaUsage
               : bit == priv::kCreate ? FixOrder::SchemaCreate
                                      : FixOrder::Grant;
    if (k == "TYPE" && bit == priv::kUsage)
        return FixOrder::TypeUsage;
    return FixOrder::Grant;
}

} // namespace

Fix RowBuilder::grant(AclMode bit, const char* kind, const std::string& on,
                      const std::string& grantee) {
    return Fix{"GRANT " + privilege_keyword(bit) + " ON " + kind + " " + on + " TO " + grantee +
                   ";",
               grant_order(bit, kind)};
}

std::vector<int> all_columns(const TableFacts& t) {
    std::vector<int> out;
    for (const auto& c : t.columns)
        out.push_back(c.attnum);
    return out;
}

std::vector<int> written_columns(const TableFacts& t) {
    std::vector<int> out;
    for (const auto& c : t.columns)
        if (!c.generated)
            out.push_back(c.attnum);
    return out;
}

std::vector<int> insert_columns(const TableFacts& t, const JobOptions& o) {
    return o.column_defaults == ColumnDefaults::Generate ? all_columns(t) : written_columns(t);
}

bool sent_as_default(const ColumnFacts& c, const JobOptions& o) {
    return o.column_defaults == ColumnDefaults::Generate &&
           (c.has_default || c.identity != '\0' || c.generated);
}

const ColumnFacts* find_column(const TableFacts& t, int attnum) {
    for (const auto& c : t.columns)
        if (c.attnum == attnum)
            return &c;
    return nullptr;
}

std::string column_list(const TableFacts& t, const std::vector<int>& attnums) {
    std::string out;
    for (int a : attnums) {
        if (const auto* c = find_column(t, a)) {
            if (!out.empty())
                out += ", ";
            out += quote_ident(c->name);
        }
    }
    return out;
}

std::string table_label(const TableFacts& t) {
    return qualified(t.schema_name, t.name);
}

void RowBuilder::add(Row row) {
    check_interrupts(); // every row: the rules' loops all end here
    if (survives_ && row.status == Status::Missing)
        row.detail += std::string(" ") + survives_;
    if (seen_.insert(row))
        out_.add(std::move(row));
}

bool RowBuilder::first_time(char kind, Oid oid, AclMode bit, Step step) {
    return asked_.insert(Asked{kind, oid, bit, step}).second;
}

std::size_t RowBuilder::AskedHash::operator()(const Asked& a) const {
    return std::hash<Oid>{}(a.oid) * 31u + std::size_t(a.step) * 7u + std::size_t(a.bit) * 3u +
           std::size_t(std::uint8_t(a.kind));
}

bool RowBuilder::owns(const Privileges& p) const {
    return explain_owner(cat_.role, p).has_value();
}

Row RowBuilder::row(const char* type, std::optional<std::string> schema, std::string name,
                    AclMode bit, Step step) const {
    Row r;
    r.object_type = type;
    r.schema_name = std::move(schema);
    r.object_name = std::move(name);
    r.privilege = bit ? privilege_keyword(bit) : "";
    r.needed_for = step_name(step);
    return r;
}

void RowBuilder::privilege_row(Row r, const Privileges& p, AclMode bit, const char* kind,
                               const std::string* schema, const std::string& name,
                               const std::string& why) {
    r.via = explain(cat_.role, p, bit);
    if (r.via) {
        r.detail = "Needed to " + why + ".";
    } else {
        const std::string ident = schema ? qualified(*schema, name) : quote_ident(name);
        std::string grant_on = kind; // DATABASE, SCHEMA, TABLE, ...
        for (char& c : grant_on)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        r.status = Status::Missing;
        r.detail = "The role lacks " + r.privilege + " on " + kind + " " + ident + ", needed to " +
                   why + "." + noinherit_note(cat_.role, p, bit);
        set_fix(r, grant(bit, grant_on.c_str(), ident, role_ident()));
    }
    add(std::move(r));
}

void RowBuilder::database(AclMode bit, Step step, const std::string& why) {
    const auto& db = cat_.database;
    privilege_row(row("database", std::nullopt, db.name, bit, step), db.priv, bit, "database",
                  nullptr, db.name, why);
}

// Asked for every table of the schema: the first ask makes the one row.
void RowBuilder::schema(Oid oid, AclMode bit, Step step, const std::string& why) {
    if (first_time('n', oid, bit, step))
        schema_row(oid, bit, step, why);
}

void RowBuilder::schema(Oid oid, AclMode bit, Step step, const char* why, const std::string& name) {
    if (first_time('n', oid, bit, step))
        schema_row(oid, bit, step, std::string(why) + " " + quote_ident(name));
}

void RowBuilder::schema_row(Oid oid, AclMode bit, Step step, const std::string& why) {
    const SchemaFacts* s = cat_.schema(oid);
    if (!s)
        return; // dropped while we looked: nothing to report
    privilege_row(row("schema", s->name, s->name, bit, step), s->priv, bit, "schema", nullptr,
                  s->name, why);
}

void RowBuilder::columns(const TableFacts& t, AclMode bit, const std::vector<int>& attnums,
                         Step step, const std::string& why, AclMode statement) {
    const auto& role = cat_.role;
    const bool table_held = statement_mask(role, t.priv, statement ? statement : bit) & bit;
    if (table_held) {
        Row r = row("table", t.schema_name, t.name, bit, step);
        r.via = explain(role, t.priv, bit);
        r.detail = "Needed to " + why + ".";
        add(std::move(r));
        return;
    }
    // Held alone but not in this statement's combination: PostgreSQL then
    // reads the columns' own ACLs, where no predefined role counts.
    const bool combined_only = (t.priv.held & bit) != 0;
    const std::string combined =
        combined_only
            ? " PostgreSQL checks this statement's privileges together, and since the ACL grants "
              "the role another write privilege on the table, pg_write_all_data does not count."
            : "";
    auto column_held = [&](const ColumnFacts& c) {
        return combined_only ? (acl_items_mask(role, c.priv) & bit) != 0 : (c.priv.held & bit) != 0;
    };
    bool any_column = false;
    for (int a : attnums)
        if (const auto* c = find_column(t, a); c && column_held(*c))
            any_column = true;
    const std::string table = table_label(t);
    const bool whole_table = attnums.size() == t.columns.size() ||
                             (bit == priv::kInsert && attnums == written_columns(t));
    if (!any_column && whole_table) {
        Row r = row("table", t.schema_name, t.name, bit, step);
        r.status = Status::Missing;
        r.detail = "The role lacks " + r.privilege + " on table " + table + ", needed to " + why +
                   "." + noinherit_note(role, t.priv, bit) + combined;
        set_fix(r, grant(bit, "TABLE", table, role_ident()));
        add(std::move(r));
        return;
    }
    for (int a : attnums) {
        const auto* c = find_column(t, a);
        if (!c)
            continue;
        Row r = row("column", t.schema_name, t.name, bit, step);
        r.column_name = c->name;
        if (column_held(*c))
            r.via = explain(role, c->priv, bit);
        if (r.via) {
            r.detail = "Needed to " + why + "; granted on the column, not the table.";
        } else {
            r.status = Status::Missing;
            r.detail = "The role lacks " + r.privilege + " on column " + quote_ident(c->name) +
                       " (and on the table), needed to " + why + "." +
                       noinherit_note(role, c->priv, bit) + noinherit_note(role, t.priv, bit) +
                       combined;
            set_fix(r, Fix{"GRANT " + r.privilege + " (" + quote_ident(c->name) + ") ON TABLE " +
                               table + " TO " + role_ident() + ";",
                           FixOrder::Grant});
        }
        add(std::move(r));
    }
}

void RowBuilder::table(const TableFacts& t, AclMode bit, Step step, const std::string& why) {
    privilege_row(row("table", t.schema_name, t.name, bit, step), t.priv, bit, "table",
                  &t.schema_name, t.name, why);
}

void RowBuilder::sequence(const SequenceFacts& s, AclMode bits, Step step, const std::string& why) {
    // Report the first bit of `bits` that is held; when none is, ask for the first.
    AclMode shown = 0;
    for (AclMode b = 1; b && b <= bits; b <<= 1) {
        if (!(bits & b))
            continue;
        if (!shown)
            shown = b;
        if (s.priv.held & b) {
            shown = b;
            break;
        }
    }
    privilege_row(row("sequence", s.schema_name, s.name, shown, step), s.priv, shown, "sequence",
                  &s.schema_name, s.name, why);
}

void RowBuilder::sequence_owner(const SequenceFacts& s, Step step, const std::string& why,
                                const std::function<OwnerFix()>& fix) {
    Row r = row("sequence", s.schema_name, s.name, 0, step);
    r.privilege = "OWNER";
    r.via = explain_owner(cat_.role, s.priv);
    if (r.via) {
        r.detail = "Needed to " + why + ".";
    } else {
        OwnerFix f = fix();
        r.status = Status::Missing;
        r.detail = "Only the owner of sequence " + qualified(s.schema_name, s.name) + " (" +
                   quote_ident(s.priv.owner_name) + ") may " + why + "." + f.detail;
        set_fix(r, std::move(f.fix));
    }
    add(std::move(r));
}

void RowBuilder::function(Oid fn, Step step, const std::string& why, bool certain) {
    if (!first_time(certain ? 'F' : 'f', fn, priv::kExecute, step))
        return;
    auto it = cat_.functions.find(fn);
    if (it == cat_.functions.end())
        return; // dropped while we looked
    const auto& f = it->second;
    Row r = row("function", f.schema_name, f.name + "(" + f.arguments + ")", priv::kExecute, step);
    r.via = explain(cat_.role, f.priv, priv::kExecute);
    if (r.via && f.schema_name == "pg_catalog")
        return; // built-ins (operators' functions) held as usual: not worth a row
    if (r.via) {
        r.detail = "Called to " + why + ".";
    } else {
        r.status = certain ? Status::Missing : Status::Warning;
        r.detail = "The role lacks EXECUTE on function " + f.schema_name + "." + r.object_name +
                   ", " + (certain ? "called to " : "which may be called to ") + why + "." +
                   noinherit_note(cat_.role, f.priv, priv::kExecute);
        set_fix(r, Fix{"GRANT EXECUTE ON FUNCTION " + qualified(f.schema_name, f.name) + "(" +
                           f.arguments + ") TO " + role_ident() + ";",
                       FixOrder::Grant});
    }
    add(std::move(r));
}

void RowBuilder::language(const LanguageFacts& l, AclMode bit, Step step, const std::string& why) {
    privilege_row(row("language", std::nullopt, l.name, bit, step), l.priv, bit, "language",
                  nullptr, l.name, why);
}

void RowBuilder::type(const TypeFacts& t, Step step) {
    schema(t.schema, priv::kUsage, step, "name type " + t.schema_name + "." + t.name);
    privilege_row(row("type", t.schema_name, t.name, priv::kUsage, step), t.priv, priv::kUsage,
                  "type", &t.schema_name, t.name, "create columns of this type");
}

void RowBuilder::warning(const TableFacts& t, const std::string& privilege, Step step,
                         const std::string& detail, std::optional<Fix> fix) {
    Row r = row("table", t.schema_name, t.name, 0, step);
    r.privilege = privilege;
    r.status = Status::Warning;
    r.detail = detail;
    if (fix)
        set_fix(r, std::move(*fix));
    add(std::move(r));
}

void RowBuilder::rls(const TableFacts& t, Status status, Step step, const std::string& detail,
                     std::optional<Fix> fix, std::optional<std::string> via) {
    Row r = row("table", t.schema_name, t.name, 0, step);
    r.privilege = "BYPASSRLS";
    r.status = status;
    r.detail = detail;
    if (fix)
        set_fix(r, std::move(*fix));
    r.via = std::move(via);
    add(std::move(r));
}

} // namespace preflight
