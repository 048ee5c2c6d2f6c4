// Facts over libpq, for servers without the extension: catalog queries and
// PostgreSQL's has_*_privilege functions fill the same Catalog the
// extension fills from inside the backend (extension/facts_*.cpp).
#pragma once

#include "../../core/facts.hpp"
#include "../../core/gather_plan.hpp"

#include <libpq-fe.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

// What to read (core's plan for the request; this provider reads every
// column whatever columns_unless_held says), and for whom.
struct CatalogRequest : GatherPlan {
    std::string role;
    std::optional<std::vector<std::string>> schemas; // nullopt: every non-system schema
    std::optional<std::string> own_schema;           // the extension's schema, left out of "every"
    std::vector<Oid> extra_types; // read with the columns' types (init's tables to create use them)
    std::vector<Oid> extra_functions; // likewise, with the functions of defaults and checks
    std::function<void(const std::string&)> progress; // told each phase, when set
};

// Throws ServerError (a query failed) or UserError (no such role).
Catalog load_catalog(PGconn* conn, const CatalogRequest& request);

} // namespace preflight::client
