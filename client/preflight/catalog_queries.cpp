#include "catalog_queries.hpp"

#include <string>

namespace preflight::client {

namespace {

// The queries of one major: the written-out constants, and the three that
// are put together from parts around what differs by version.
struct MajorQueries {
    std::string roles, constraints, types;
    CatalogQueries sql;

    explicit MajorQueries(int major)
        : roles(std::string(kRolesSqlHead) +
                (major >= 16 ? kCanSetRoleSql_160000 : kCanSetRoleSql) + kRolesSqlTail),
          constraints(std::string(kConstraintsSqlHead) +
                      (major >= 18 ? kConEnforcedSql_180000 : kConEnforcedSql) +
                      kConstraintsSqlTail),
          types(std::string(kTypesSqlHead) +
                (major >= 14 ? kArrayElementSql_140000 : kArrayElementSql) + kTypesSqlTail),
          sql{
              .role = kRoleSql,
              .roles = roles.c_str(),
              .database = kDatabaseSql,
              .language = kLanguageSql,
              .schemas = kSchemasSql,
              .relations = kRelationsSql,
              .inherits = kInheritsSql,
              .columns = kColumnsSql,
              .defaults = kDefaultsSql,
              .sequence_links = kSequenceLinksSql,
              .constraints = constraints.c_str(),
              .domain_checks = kDomainChecksSql,
              .indexes = kIndexesSql,
              .policies = kPoliciesSql,
              .triggers = kTriggersSql,
              .functions = kFunctionsSql,
              .types = types.c_str(),
          } {}
    MajorQueries(const MajorQueries&) = delete; // sql points into the strings
    MajorQueries& operator=(const MajorQueries&) = delete;
};

} // namespace

const CatalogQueries& catalog_queries(int server_version) {
    // Built once, on first use (a thread-safe static), for the majors whose
    // catalogs the client knows.
    static const MajorQueries majors[] = {MajorQueries(13), MajorQueries(14), MajorQueries(15),
                                          MajorQueries(16), MajorQueries(17), MajorQueries(18)};
    int major = server_version / 10000;
    major = major < 13 ? 13 : major > 18 ? 18 : major;
    return majors[major - 13].sql;
}

} // namespace preflight::client
