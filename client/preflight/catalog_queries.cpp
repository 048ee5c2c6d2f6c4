#include "catalog_queries.hpp"

namespace preflight::client {

namespace {

// One set serves every server version so far. A version whose catalogs
// differ gets a set of its own (constants named for the version they start
// at, such as kTypesSql_140000) and a branch in catalog_queries().
constexpr CatalogQueries kQueries = {
    .role = kRoleSql,
    .roles = kRolesSql,
    .database = kDatabaseSql,
    .language = kLanguageSql,
    .schemas = kSchemasSql,
    .relations = kRelationsSql,
    .inherits = kInheritsSql,
    .columns = kColumnsSql,
    .defaults = kDefaultsSql,
    .sequence_links = kSequenceLinksSql,
    .constraints = kConstraintsSql,
    .domain_checks = kDomainChecksSql,
    .indexes = kIndexesSql,
    .policies = kPoliciesSql,
    .triggers = kTriggersSql,
    .functions = kFunctionsSql,
    .types = kTypesSql,
};

} // namespace

const CatalogQueries& catalog_queries(int /*server_version*/) {
    return kQueries;
}

} // namespace preflight::client
