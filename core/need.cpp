#include "need.hpp"

#include "interrupts.hpp"
#include "quote.hpp"
#include "statement_mask.hpp"
#include "via.hpp"

#include <cctype>
#include <functional>
#include <string_view>

namespace preflight {

namespace {

std::string grant(AclMode bit, const std::string& on, const std::string& role) {
    return "GRANT " + privilege_keyword(bit) + " ON " + on + " TO " + role + ";";
}

} // namespace

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

void Needs::push(Row row) {
    check_interrupts(); // every row: the rules' loops all end here
    if (seen_.insert(row))
        out_.add(std::move(row));
}

bool Needs::first_time(char kind, Oid oid, AclMode bit, const char* step) {
    // The step names are the rules' string constants: their addresses tell
    // them apart, and a second address for the same text only costs a row
    // that push() then drops.
    return asked_.insert(Asked{kind, oid, bit, step}).second;
}

std::size_t Needs::AskedHash::operator()(const Asked& a) const {
    return std::hash<Oid>{}(a.oid) * 31u + std::hash<const void*>{}(a.step) * 7u +
           std::size_t(a.bit) * 3u + std::size_t(std::uint8_t(a.kind));
}

bool Needs::owns(const Privileges& p) const {
    return explain_owner(cat_.role, p).has_value();
}

Row Needs::base_row(const char* type, std::optional<std::string> schema, std::string name,
                    AclMode bit, const char* step) const {
    Row r;
    r.object_type = type;
    r.schema_name = std::move(schema);
    r.object_name = std::move(name);
    r.privilege = bit ? privilege_keyword(bit) : "";
    r.needed_for = step;
    return r;
}

void Needs::privilege_row(Row r, const Privileges& p, AclMode bit, const char* kind,
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
        r.fix = grant(bit, grant_on + " " + ident, role_ident());
    }
    push(std::move(r));
}

void Needs::connect() {
    const auto& role = cat_.role;
    Row login = base_row("role", std::nullopt, role.name, 0, "connect");
    login.privilege = "LOGIN";
    if (role.login) {
        login.via = "role attribute";
        login.detail = "The role can log in.";
    } else {
        login.status = Status::Missing;
        login.detail = "The role has NOLOGIN, so no job can open a session as it.";
        login.fix = "ALTER ROLE " + role_ident() + " LOGIN;";
    }
    push(std::move(login));
    database(priv::kConnect, "connect", "open a session on the database");
}

void Needs::database(AclMode bit, const char* step, const std::string& why) {
    const auto& db = cat_.database;
    privilege_row(base_row("database", std::nullopt, db.name, bit, step), db.priv, bit, "database",
                  nullptr, db.name, why);
}

// Asked for every table of the schema: the first ask makes the one row.
void Needs::schema(Oid oid, AclMode bit, const char* step, const std::string& why) {
    if (first_time('n', oid, bit, step))
        schema_row(oid, bit, step, why);
}

void Needs::schema(Oid oid, AclMode bit, const char* step, const char* why,
                   const std::string& name) {
    if (first_time('n', oid, bit, step))
        schema_row(oid, bit, step, std::string(why) + " " + quote_ident(name));
}

void Needs::schema_row(Oid oid, AclMode bit, const char* step, const std::string& why) {
    const SchemaFacts* s = cat_.schema(oid);
    if (!s)
        return; // dropped while we looked: nothing to report
    privilege_row(base_row("schema", s->name, s->name, bit, step), s->priv, bit, "schema", nullptr,
                  s->name, why);
}

void Needs::absent_schema(const SchemaFacts& s, const char* step) {
    Row r = base_row("schema", s.name, s.name, priv::kUsage, step);
    r.status = Status::Missing;
    if (job_ == Job::Destination) {
        r.detail = "Schema " + quote_ident(s.name) +
                   " does not exist: create it, or let the job create it with "
                   "\"create_schemas\": true.";
        r.fix = "CREATE SCHEMA " + quote_ident(s.name) + " AUTHORIZATION " + role_ident() + ";";
    } else {
        r.detail = "Schema " + quote_ident(s.name) +
                   " does not exist, so there is nothing to read: check the name.";
    }
    push(std::move(r));
}

void Needs::columns(const TableFacts& t, AclMode bit, const std::vector<int>& attnums,
                    const char* step, const std::string& why, AclMode statement) {
    const auto& role = cat_.role;
    const bool table_held = statement_mask(role, t.priv, statement ? statement : bit) & bit;
    if (table_held) {
        Row r = base_row("table", t.schema_name, t.name, bit, step);
        r.via = explain(role, t.priv, bit);
        r.detail = "Needed to " + why + ".";
        push(std::move(r));
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
        Row r = base_row("table", t.schema_name, t.name, bit, step);
        r.status = Status::Missing;
        r.detail = "The role lacks " + r.privilege + " on table " + table + ", needed to " + why +
                   "." + noinherit_note(role, t.priv, bit) + combined;
        r.fix = grant(bit, "TABLE " + table, role_ident());
        push(std::move(r));
        return;
    }
    for (int a : attnums) {
        const auto* c = find_column(t, a);
        if (!c)
            continue;
        Row r = base_row("column", t.schema_name, t.name, bit, step);
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
            r.fix = "GRANT " + r.privilege + " (" + quote_ident(c->name) + ") ON TABLE " + table +
                    " TO " + role_ident() + ";";
        }
        push(std::move(r));
    }
}

void Needs::table(const TableFacts& t, AclMode bit, const char* step, const std::string& why) {
    privilege_row(base_row("table", t.schema_name, t.name, bit, step), t.priv, bit, "table",
                  &t.schema_name, t.name, why);
}

void Needs::sequence(const SequenceFacts& s, AclMode bits, const char* step,
                     const std::string& why) {
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
    privilege_row(base_row("sequence", s.schema_name, s.name, shown, step), s.priv, shown,
                  "sequence", &s.schema_name, s.name, why);
}

void Needs::sequence_owner(const SequenceFacts& s, const char* step, const std::string& why) {
    Row r = base_row("sequence", s.schema_name, s.name, 0, step);
    r.privilege = "OWNER";
    r.via = explain_owner(cat_.role, s.priv);
    if (r.via) {
        r.detail = "Needed to " + why + ".";
        push(std::move(r));
        return;
    }
    r.status = Status::Missing;
    r.detail = "Only the owner of sequence " + qualified(s.schema_name, s.name) + " (" +
               quote_ident(s.priv.owner_name) + ") may " + why + ".";
    auto owner_table = cat_.tables.find(s.owned_by_table);
    if (s.owned_by_table != kInvalidOid && owner_table != cat_.tables.end()) {
        // A sequence linked to a column follows its table's owner, and
        // ALTER SEQUENCE ... OWNER TO is refused for it.
        const auto& t = owner_table->second;
        const std::string table = table_label(t);
        r.detail += " The sequence belongs to table " + table +
                    ", so the fix makes the role own that table (this changes who owns it).";
        r.fix = "ALTER TABLE " + table + " OWNER TO " + role_ident() + ";";
        if (!t.referenced_by.empty()) {
            // Foreign keys to this table are then checked as the new owner,
            // who keeps the old owner's ACL entry (revocations included):
            // give it what those checks read.
            r.detail += " Foreign keys point at the table and are checked as its owner, so the "
                        "fix also grants the role what those checks need.";
            const SchemaFacts* nsp = cat_.schema(t.schema);
            if (!nsp || !(nsp->priv.held & priv::kUsage))
                *r.fix +=
                    " " + grant(priv::kUsage, "SCHEMA " + quote_ident(t.schema_name), role_ident());
            for (AclMode bit : {priv::kSelect, priv::kUpdate})
                *r.fix += " " + grant(bit, "TABLE " + table, role_ident());
        }
    } else if (s.owned_by_table != kInvalidOid) {
        // Linked to a column of a table we did not read: membership in the
        // owning role is the one fix that needs no name of that table.
        r.detail += " The sequence belongs to a table column, so the fix makes the role a member "
                    "of its owner " +
                    quote_ident(s.priv.owner_name) + " (this gives it everything that role has).";
        r.fix = "GRANT " + quote_ident(s.priv.owner_name) + " TO " + role_ident() + ";";
    } else {
        r.detail += " The fix makes the role own the sequence (this changes who owns it).";
        r.fix = "ALTER SEQUENCE " + qualified(s.schema_name, s.name) + " OWNER TO " + role_ident() +
                ";";
    }
    push(std::move(r));
}

void Needs::function(Oid fn, const char* step, const std::string& why, bool certain) {
    if (!first_time(certain ? 'F' : 'f', fn, priv::kExecute, step))
        return;
    auto it = cat_.functions.find(fn);
    if (it == cat_.functions.end())
        return; // dropped while we looked
    const auto& f = it->second;
    Row r =
        base_row("function", f.schema_name, f.name + "(" + f.arguments + ")", priv::kExecute, step);
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
        r.fix = "GRANT EXECUTE ON FUNCTION " + qualified(f.schema_name, f.name) + "(" +
                f.arguments + ") TO " + role_ident() + ";";
    }
    push(std::move(r));
}

void Needs::type(const TypeFacts& t, const char* step) {
    schema(t.schema, priv::kUsage, step, "name type " + t.schema_name + "." + t.name);
    privilege_row(base_row("type", t.schema_name, t.name, priv::kUsage, step), t.priv, priv::kUsage,
                  "type", &t.schema_name, t.name, "create columns of this type");
}

void Needs::foreign_key_owner(const TableFacts& t, const ForeignKeyFacts& fk, const char* step) {
    auto ref = cat_.tables.find(fk.referenced_table);
    if (ref == cat_.tables.end())
        return;
    const auto& rt = ref->second;
    const std::string owner = quote_ident(fk.referenced_owner_name);
    const std::string intro =
        "Foreign key " + quote_ident(fk.name) + " of " + qualified(t.schema_name, t.name) +
        " is checked as " + quote_ident(fk.referenced_owner_name) +
        ", the owner of the referenced table " + qualified(rt.schema_name, rt.name) + ", ";
    if (!fk.referenced_owner_schema_usage) {
        Row r = base_row("schema", rt.schema_name, rt.schema_name, priv::kUsage, step);
        r.status = Status::Missing;
        r.detail = intro + "who lacks USAGE on schema " + quote_ident(rt.schema_name) +
                   ": every write fails, even a superuser's.";
        r.fix = grant(priv::kUsage, "SCHEMA " + quote_ident(rt.schema_name), owner);
        push(std::move(r));
    }
    for (AclMode bit : {priv::kSelect, priv::kUpdate}) {
        if (fk.referenced_owner_table_held & bit)
            continue;
        Row r = base_row("table", rt.schema_name, rt.name, bit, step);
        r.status = Status::Missing;
        r.detail = intro + "who lacks " + privilege_keyword(bit) +
                   " on it (the check reads the key with FOR KEY SHARE): every write fails, "
                   "even a superuser's.";
        r.fix = grant(bit, "TABLE " + qualified(rt.schema_name, rt.name), owner);
        push(std::move(r));
    }
}

void Needs::triggers(const TableFacts& t, unsigned events, const char* step, const char* verb) {
    for (const auto& tg : t.triggers) {
        if (!(tg.events & events))
            continue;
        Row r = base_row("trigger", t.schema_name, t.name + "." + tg.name, 0, step);
        r.privilege = "EXECUTE";
        r.status = Status::Warning;
        auto f = cat_.functions.find(tg.function);
        std::string fname = "its function";
        bool definer = false;
        if (f != cat_.functions.end()) {
            fname = "function " + f->second.schema_name + "." + f->second.name + "(" +
                    f->second.arguments + ")";
            definer = f->second.security_definer;
        }
        r.detail =
            "Trigger " + quote_ident(tg.name) + " fires on " + verb + " and runs " + fname +
            (definer ? " as its owner (SECURITY DEFINER); " : " with the role's privileges; ") +
            "what its body touches is not checked.";
        push(std::move(r));
    }
}

void Needs::warning(const TableFacts& t, const std::string& privilege, const char* step,
                    const std::string& detail, std::optional<std::string> fix) {
    Row r = base_row("table", t.schema_name, t.name, 0, step);
    r.privilege = privilege;
    r.status = Status::Warning;
    r.detail = detail;
    r.fix = std::move(fix);
    push(std::move(r));
}

void Needs::rls(const TableFacts& t, Status status, const char* step, const std::string& detail,
                std::optional<std::string> fix, std::optional<std::string> via) {
    Row r = base_row("table", t.schema_name, t.name, 0, step);
    r.privilege = "BYPASSRLS";
    r.status = status;
    r.detail = detail;
    r.fix = std::move(fix);
    r.via = std::move(via);
    push(std::move(r));
}

} // namespace preflight
