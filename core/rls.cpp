#include "rls.hpp"

#include "quote.hpp"
#include "via.hpp"

namespace preflight {

namespace {

struct PolicyExpr {
    const PolicyFacts* policy;
    const ExpressionFacts* expr;
};

bool for_command(const PolicyFacts& p, char command) {
    return p.command == '*' || p.command == command;
}

// QUAL_FOR_WCO in rowsecurity.c: WITH CHECK when given, else USING.
std::optional<PolicyExpr> expression(const PolicyFacts& p, PolicySide side) {
    if (side == PolicySide::Check && p.check_expr)
        return PolicyExpr{&p, &*p.check_expr};
    if (p.using_expr)
        return PolicyExpr{&p, &*p.using_expr};
    return std::nullopt;
}

struct Applicable {
    std::vector<PolicyExpr> permissive;
    std::vector<PolicyExpr> restrictive;
};

Applicable applicable(const TableFacts& t, char command, PolicySide side) {
    Applicable a;
    for (const auto& p : t.policies) {
        if (!p.applies || !for_command(p, command))
            continue;
        if (auto e = expression(p, side))
            (p.permissive ? a.permissive : a.restrictive).push_back(*e);
    }
    return a;
}

std::string names(const std::vector<PolicyExpr>& list) {
    std::string out;
    for (const auto& e : list) {
        if (!out.empty())
            out += ", ";
        out += quote_ident(e.policy->name);
    }
    return out;
}

const char* command_word(char command) {
    switch (command) {
    case 'r':
        return "SELECT";
    case 'a':
        return "INSERT";
    case 'w':
        return "UPDATE";
    case 'd':
        return "DELETE";
    }
    return "ALL";
}

// The executor checks EXECUTE when it compiles an expression, whatever the
// data. Permissive expressions are OR-ed and only compiled when some exist;
// a literal true among them folds the OR away, and one the planner may fold
// (no column referenced) makes the call depend on the plan.
void policy_functions(RowBuilder& n, const TableFacts& t, const Applicable& a, Step step,
                      const char* verb) {
    if (a.permissive.empty())
        return; // rowsecurity.c adds a constant false and nothing else
    bool any_true = false;
    for (const auto& e : a.permissive)
        any_true = any_true || e.expr->is_true;
    const std::string table = qualified(t.schema_name, t.name);
    for (const auto& e : a.permissive) {
        if (any_true)
            break;
        bool other_foldable = false;
        for (const auto& o : a.permissive)
            if (&o != &e && o.expr->constant)
                other_foldable = true;
        for (Oid f : e.expr->functions)
            n.function(f, step,
                       std::string(verb) + " " + table + " (policy " + quote_ident(e.policy->name) +
                           ")",
                       !other_foldable);
    }
    for (const auto& e : a.restrictive)
        for (Oid f : e.expr->functions)
            n.function(f, step,
                       std::string(verb) + " " + table + " (restrictive policy " +
                           quote_ident(e.policy->name) + ")");
    for (const auto* list : {&a.permissive, &a.restrictive})
        for (const auto& e : *list)
            if (e.expr->sublink)
                n.rls(t, Status::Warning, step,
                      "Policy " + quote_ident(e.policy->name) +
                          " reads other tables with the role's privileges; those reads are "
                          "not checked.",
                      std::nullopt);
}

Fix policy_fix(const RowBuilder& n, const TableFacts& t, char command) {
    const std::string cmd = command_word(command);
    std::string name = "preflight_" + cmd + "_" + n.catalog().role.name;
    for (auto& c : name)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    const std::string clause = command == 'a' ? "WITH CHECK (true)" : "USING (true)";
    return {"CREATE POLICY " + quote_ident(name) + " ON " + qualified(t.schema_name, t.name) +
                " AS PERMISSIVE FOR " + cmd + " TO " + n.role_ident() + " " + clause + ";",
            FixOrder::Policy};
}

Fix bypassrls_fix(const RowBuilder& n) {
    return {"ALTER ROLE " + n.role_ident() + " BYPASSRLS;", FixOrder::Role};
}

} // namespace

bool rls_applies(const RoleFacts& role, const Privileges& p, bool enabled, bool forced) {
    if (!enabled || role.superuser || role.bypassrls)
        return false;
    return forced || !explain_owner(role, p);
}

std::optional<std::string> rls_bypass(const Catalog& cat, const TableFacts& t) {
    const auto& role = cat.role;
    if (!t.rls_enabled)
        return std::string("row-level security is not enabled");
    if (role.superuser)
        return std::string("superuser");
    if (role.bypassrls)
        return std::string("BYPASSRLS");
    if (!t.rls_forced)
        if (auto owner = explain_owner(role, t.priv))
            return *owner;
    return std::nullopt;
}

void rls_read(RowBuilder& n, const TableFacts& t, Step step, const char* consequence) {
    if (!t.rls_enabled)
        return;
    if (auto via = rls_bypass(n.catalog(), t)) {
        n.rls(t, Status::Ok, step,
              "Row-level security is enabled but does not apply to the role: every row is read.",
              std::nullopt, via);
        return;
    }
    const Applicable a = applicable(t, 'r', PolicySide::Using);
    policy_functions(n, t, a, step, "read");
    bool all_rows = false;
    for (const auto& e : a.permissive)
        all_rows = all_rows || e.expr->is_true;
    for (const auto& e : a.restrictive)
        all_rows = all_rows && e.expr->is_true;
    if (all_rows) {
        n.rls(t, Status::Ok, step,
              "Row-level security applies, but policy " + names(a.permissive) +
                  " lets the role read every row.",
              std::nullopt, "policy");
        return;
    }
    std::string detail;
    if (a.permissive.empty())
        detail = std::string("Row-level security is enabled and no permissive policy lets the role "
                             "read: ") +
                 (consequence ? std::string("it sees no rows, so ") + consequence + "."
                              : "the read succeeds but returns no rows.");
    else
        detail =
            "Row-level security filters the rows the role reads (policies " + names(a.permissive) +
            (a.restrictive.empty() ? "" : ", restricted by " + names(a.restrictive)) + "): " +
            (consequence ? consequence : "the read may silently return fewer rows than exist") +
            ".";
    n.rls(t, Status::Warning, step, detail,
          a.restrictive.empty() ? policy_fix(n, t, 'r') : bypassrls_fix(n));
}

void rls_new_rows(RowBuilder& n, const TableFacts& t, char command, PolicySide side, Step step,
                  const char* verb) {
    if (!t.rls_enabled || rls_bypass(n.catalog(), t))
        return;
    const Applicable a = applicable(t, command, side);
    policy_functions(n, t, a, step, verb);
    const std::string cmd = command_word(command);
    if (a.permissive.empty()) {
        // Today no restrictive expression is compiled (the check is a plain
        // false); once the fix adds a permissive policy, they all are.
        const std::string table = qualified(t.schema_name, t.name);
        for (const auto& e : a.restrictive)
            for (Oid f : e.expr->functions)
                n.function(f, step,
                           std::string(verb) + " " + table + " (restrictive policy " +
                               quote_ident(e.policy->name) +
                               ", once a permissive policy admits rows)");
        n.rls(t, Status::Missing, step,
              "Row-level security applies and no permissive " + cmd +
                  " policy admits the role's new rows: every " + verb +
                  " fails with \"new row violates row-level security policy\".",
              policy_fix(n, t, command));
        return;
    }
    bool passes = false;
    for (const auto& e : a.permissive)
        passes = passes || e.expr->is_true;
    for (const auto& e : a.restrictive)
        passes = passes && e.expr->is_true;
    if (passes) {
        n.rls(t, Status::Ok, step,
              "Row-level security applies; policy " + names(a.permissive) +
                  " admits every new row.",
              std::nullopt, "policy");
        return;
    }
    n.rls(t, Status::Warning, step,
          "Row-level security applies: new rows must pass " + names(a.permissive) +
              (a.restrictive.empty() ? "" : " and " + names(a.restrictive)) + " (" + cmd +
              "), so whether each " + verb + " succeeds depends on the data.",
          bypassrls_fix(n));
}

void rls_update(RowBuilder& n, const TableFacts& t, Step step) {
    if (!t.rls_enabled || rls_bypass(n.catalog(), t))
        return;
    const Applicable filter = applicable(t, 'w', PolicySide::Using);
    policy_functions(n, t, filter, step, "update");
    policy_functions(n, t, applicable(t, 'w', PolicySide::Check), step, "update");
    n.rls(t, Status::Warning, step,
          filter.permissive.empty()
              ? "Row-level security applies and no permissive UPDATE policy lets the role see "
                "rows: the update silently changes nothing."
              : "Row-level security applies: rows hidden by " + names(filter.permissive) +
                    " are silently not updated.",
          bypassrls_fix(n));
}

} // namespace preflight
