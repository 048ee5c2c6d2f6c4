// The step every job runs first: open a session as the role.
#include "rules.hpp"

namespace preflight {

// LOGIN on the role and CONNECT on the database.
void connect_step(RowBuilder& n) {
    const auto& role = n.catalog().role;
    Row login = n.row("role", std::nullopt, role.name, 0, Step::Connect);
    login.privilege = "LOGIN";
    if (role.login) {
        login.via = "role attribute";
        login.detail = "The role can log in.";
    } else {
        login.status = Status::Missing;
        login.detail = "The role has NOLOGIN, so no job can open a session as it.";
        set_fix(login, Fix{"ALTER ROLE " + n.role_ident() + " LOGIN;", FixOrder::Role});
    }
    n.add(std::move(login));
    n.database(priv::kConnect, Step::Connect, "open a session on the database");
}

} // namespace preflight
