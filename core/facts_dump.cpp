#include "facts_dump.hpp"

#include "interrupts.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace preflight {

namespace {

void privileges(std::ostringstream& out, const Privileges& p) {
    out << " owner=" << p.owner << '(' << p.owner_name << ") held=" << p.held << " acl=";
    for (const auto& e : p.acl)
        out << e.grantee << ':' << e.privs << ',';
}

template <typename T> void oids(std::ostringstream& out, const char* label, const T& list);

void expression(std::ostringstream& out, const char* label,
                const std::optional<ExpressionFacts>& e) {
    out << ' ' << label << '=';
    if (!e)
        return;
    out << e->is_true << e->constant << e->sublink;
    oids(out, "functions", e->functions);
    oids(out, "nextval", e->nextval_sequences);
}

template <typename T> void oids(std::ostringstream& out, const char* label, const T& list) {
    out << ' ' << label << '=';
    for (const auto& v : list)
        out << v << ',';
}

template <typename Map> std::vector<typename Map::key_type> sorted_keys(const Map& m) {
    std::vector<typename Map::key_type> keys;
    for (const auto& kv : m)
        keys.push_back(kv.first);
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace

std::string dump_facts(const Catalog& cat) {
    std::ostringstream out;
    const auto& r = cat.role;
    out << "role " << r.oid << ' ' << r.name << " super=" << r.superuser << " login=" << r.login
        << " bypassrls=" << r.bypassrls << " privs_of=";
    for (const auto& [oid, m] : r.privs_of)
        out << oid << '(' << m.name << (m.predefined ? ",predefined" : "") << "),";
    out << " noinherit=";
    for (const auto& [oid, name] : r.noinherit_member_of)
        out << oid << '(' << name << (r.cannot_set_role.count(oid) ? ",noset" : "") << "),";
    out << " inherit=" << r.inherit << " grant_options=" << r.grant_options;
    out << "\ndatabase " << cat.database.name;
    privileges(out, cat.database.priv);
    if (cat.plpgsql.exists) {
        out << "\nlanguage " << cat.plpgsql.name;
        privileges(out, cat.plpgsql.priv);
    }
    for (const auto& s : cat.schemas) {
        out << "\nschema " << s.oid << ' ' << s.name << " exists=" << s.exists;
        privileges(out, s.priv);
    }
    for (Oid oid : sorted_keys(cat.other_schemas)) {
        const auto& s = cat.other_schemas.at(oid);
        out << "\nother_schema " << s.oid << ' ' << s.name;
        privileges(out, s.priv);
    }
    oids(out, "\ntable_order", cat.table_order);
    for (Oid oid : sorted_keys(cat.tables)) {
        check_interrupts();
        const auto& t = cat.tables.at(oid);
        out << "\ntable " << t.oid << ' ' << t.schema << ' ' << t.schema_name << '.' << t.name
            << " kind=" << t.relkind << " partition=" << t.is_partition << " scope=" << t.in_scope
            << " rls=" << t.rls_enabled << t.rls_forced;
        privileges(out, t.priv);
        // In the order each provider's catalog comes (the rules sort them).
        std::vector<Oid> referenced_by = t.referenced_by;
        std::sort(referenced_by.begin(), referenced_by.end());
        oids(out, "referenced_by", referenced_by);
        oids(out, "partitions", t.partitions);
        oids(out, "pk", t.primary_key);
        if (t.primary_key_without_overlaps)
            out << " pk_without_overlaps";
        oids(out, "checks", t.check_funcs);
        out << " indexes=" << t.indexes << " checks=" << t.checks;
        out << " unique=";
        for (const auto& k : t.unique_keys) {
            for (int a : k)
                out << a << ' ';
            out << ';';
        }
        for (const auto& c : t.columns) {
            out << "\n  column " << c.attnum << ' ' << c.name << " type=" << c.type
                << " generated=" << c.generated << " identity=" << int(c.identity)
                << " not_null=" << c.not_null;
            privileges(out, c.priv);
            oids(out, "generation", c.generation_funcs);
            oids(out, "domain", c.domain_funcs);
            if (c.has_default) {
                out << " default";
                oids(out, "calls", c.default_funcs);
                oids(out, "nextval", c.default_sequences);
            }
        }
        for (const auto& p : t.policies) {
            out << "\n  policy " << p.name << " cmd=" << p.command << " permissive=" << p.permissive
                << " applies=" << p.applies;
            expression(out, "using", p.using_expr);
            expression(out, "check", p.check_expr);
        }
        for (const auto& tg : t.triggers)
            out << "\n  trigger " << tg.name << " events=" << tg.events << " fn=" << tg.function;
        for (const auto& fk : t.foreign_keys) {
            out << "\n  fk " << fk.name << " ref=" << fk.referenced_table
                << " owner=" << fk.referenced_owner_name
                << " owner_held=" << fk.referenced_owner_table_held
                << " owner_usage=" << fk.referenced_owner_schema_usage;
            if (!fk.enforced)
                out << " not_enforced";
            oids(out, "cols", fk.columns);
            oids(out, "refcols", fk.referenced_columns);
        }
    }
    for (Oid oid : sorted_keys(cat.sequences)) {
        check_interrupts();
        const auto& q = cat.sequences.at(oid);
        out << "\nsequence " << q.oid << ' ' << q.schema_name << '.' << q.name
            << " owned_by=" << q.owned_by_table << ':' << q.owned_by_column
            << " identity=" << q.identity;
        privileges(out, q.priv);
    }
    for (Oid oid : sorted_keys(cat.tables))
        if (const auto& t = cat.tables.at(oid); !t.sequences.empty())
            oids(out, ("\ntable_sequences " + std::to_string(oid)).c_str(), t.sequences);
    for (Oid oid : sorted_keys(cat.functions)) {
        const auto& f = cat.functions.at(oid);
        out << "\nfunction " << f.oid << ' ' << f.schema_name << '.' << f.name << '(' << f.arguments
            << ") definer=" << f.security_definer;
        privileges(out, f.priv);
    }
    for (const auto& [oid, t] : cat.types) {
        out << "\ntype " << t.oid << ' ' << t.schema_name << '.' << t.name;
        privileges(out, t.priv);
    }
    out << '\n';
    return out.str();
}

} // namespace preflight
