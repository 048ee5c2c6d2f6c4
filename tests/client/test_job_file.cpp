// The job file: parsed and judged before any connection, every error at its
// line and column (config/job_file.cpp).
#include "common/errors.hpp"
#include "config/job_file.hpp"
#include "config/neosync_config.hpp"

#include <gtest/gtest.h>

namespace pc = preflight::client;
using preflight::ColumnDefaults;
using preflight::Job;
using preflight::OnConflict;

namespace {

const char* kJobs = R"(jobs:
  - name: shop-sync
    source:
      url_env: USER_DEFINED_SRC
      role: sync_reader
      options: { read_sequences: true }
    destinations:
      - url_env: USER_DEFINED_DST
        role: sync_writer
        password_env: USER_DEFINED_DST_PW
        options: { truncate: true, on_conflict: nothing, column_defaults: "generate" }
      - host: db2.example.com
        port: 5433
        dbname: shop
        username: loader
        sslmode: require
    schemas: [sales, "in ventory"]
)";

const pc::Environment kEnv = pc::Environment::fixed({
    {"USER_DEFINED_SRC", "postgresql://reader@src.example.com/shop"},
    {"USER_DEFINED_DST", "postgresql://writer@dst.example.com/shop"},
    {"USER_DEFINED_DST_PW", "s3cret-pw"},
});

// The message of the ConfigError `text` raises, or "" when none.
std::string error_of(const std::string& text) {
    try {
        pc::Secrets secrets;
        for (const auto& job : pc::parse_job_file(text, "jobs.yaml")) {
            pc::endpoint_config(job.source, kEnv, secrets);
            for (const auto& d : job.destinations)
                pc::endpoint_config(d, kEnv, secrets);
        }
    } catch (const pc::ConfigError& e) {
        EXPECT_EQ(e.outcome(), pc::Outcome::InvalidConfiguration);
        return e.what();
    }
    return "";
}

TEST(JobFile, ReadsJobsEndsRolesSchemasAndOptions) {
    const auto jobs = pc::parse_job_file(kJobs, "jobs.yaml");
    ASSERT_EQ(jobs.size(), 1u);
    const auto& j = jobs[0];
    EXPECT_EQ(j.name, "shop-sync");
    ASSERT_EQ(j.destinations.size(), 2u);
    EXPECT_EQ(j.source.label, "the source of job \"shop-sync\"");
    EXPECT_EQ(j.destinations[1].label, "destination 2 of job \"shop-sync\"");
    pc::Secrets secrets;
    pc::Config src = pc::endpoint_config(j.source, kEnv, secrets);
    EXPECT_EQ(src.check.job, Job::Source);
    EXPECT_EQ(src.check.role, "sync_reader");
    EXPECT_EQ(src.check.schemas, (std::vector<std::string>{"sales", "in ventory"}));
    EXPECT_TRUE(src.check.options.read_sequences);
    pc::Config dst = pc::endpoint_config(j.destinations[0], kEnv, secrets);
    EXPECT_EQ(dst.check.job, Job::Destination);
    EXPECT_TRUE(dst.check.options.truncate);
    EXPECT_EQ(dst.check.options.on_conflict, OnConflict::Nothing);
    EXPECT_EQ(dst.check.options.column_defaults, ColumnDefaults::Generate);
    EXPECT_EQ(dst.connection.params.get("password"), "s3cret-pw");
    EXPECT_EQ(pc::redact("pw s3cret-pw", secrets).find("s3cret"), std::string::npos);
    pc::Config discrete = pc::endpoint_config(j.destinations[1], kEnv, secrets);
    EXPECT_EQ(discrete.connection.params.get("host"), "db2.example.com");
    EXPECT_EQ(discrete.connection.params.get("port"), "5433");
    EXPECT_EQ(discrete.connection.params.get("sslmode"), "require");
}

TEST(JobFile, ErrorsNameTheLineAndColumn) {
    EXPECT_EQ(error_of("jobs:\n  - name: x\n    source: { url_env: USER_DEFINED_SRC, prot: 1 }\n"
                       "    destinations: [ { url_env: USER_DEFINED_DST } ]\n"),
              "job file jobs.yaml, line 3, column 42: unknown key \"prot\" in the source of job "
              "\"x\"");
    EXPECT_EQ(error_of("jobs:\n  - name: x\n    source: { url_env: USER_DEFINED_SRC }\n"
                       "    destinations:\n      - url_env: USER_DEFINED_DST\n"
                       "        options: { truncate: 1 }\n"),
              "job file jobs.yaml, line 6, column 20, destination 1 of job \"x\": option "
              "\"truncate\" must be a boolean, not a number");
    EXPECT_EQ(error_of("jobs:\n  - name: x\n    source: { url_env: USER_DEFINED_SRC }\n"
                       "    destinations:\n      - url_env: USER_DEFINED_DST\n"
                       "        options: { on_conflict: sometimes }\n"),
              "job file jobs.yaml, line 6, column 20, destination 1 of job \"x\": option "
              "\"on_conflict\" has an unknown value \"sometimes\"");
    EXPECT_EQ(error_of("jobs:\n  - name: x\n    source: { url_env: HOME }\n"
                       "    destinations: [ { url_env: USER_DEFINED_DST } ]\n"),
              "job file jobs.yaml, line 3, column 13, the source of job \"x\": url_env HOME is "
              "refused: only variables whose names begin with USER_DEFINED_ are read, so that no "
              "other variable (one holding a secret, say) can be sent to a server");
    EXPECT_EQ(error_of("jobs: []\n"), "job file jobs.yaml, line 1, column 7: \"jobs\" must be a "
                                      "list of one job or more");
    EXPECT_EQ(error_of("jobs:\n  - name: x\n    name: y\n"),
              "job file jobs.yaml, line 3, column 5: \"name\" is given twice in a job");
}

TEST(JobFile, APasswordInTheFileIsRefusedAndNeverShown) {
    const std::string e = error_of("jobs:\n  - name: x\n    source:\n      url_env: "
                                   "USER_DEFINED_SRC\n      password: hunter2\n"
                                   "    destinations: [ { url_env: USER_DEFINED_DST } ]\n");
    EXPECT_EQ(e, "job file jobs.yaml, line 5, column 7: a password in the job file is refused: "
                 "anyone who can read the file would have it");
    EXPECT_EQ(e.find("hunter2"), std::string::npos);
    // password_env reads only USER_DEFINED_ variables.
    EXPECT_NE(error_of("jobs:\n  - name: x\n    source: { url_env: USER_DEFINED_SRC, "
                       "password_env: PGPASSWORD }\n    destinations: [ { url_env: "
                       "USER_DEFINED_DST } ]\n")
                  .find("password_env PGPASSWORD is refused"),
              std::string::npos);
}

TEST(JobFile, NotYamlIsRefusedWithItsPlace) {
    EXPECT_EQ(error_of("jobs: [\n").rfind("job file jobs.yaml, line 2, column 1: ", 0), 0u);
    EXPECT_EQ(error_of("- just\n- a list\n"),
              "job file jobs.yaml, line 1, column 1: the file must be a mapping with a \"jobs\" "
              "list, not a list");
}

} // namespace

namespace {

// Neosync's own sync file (config/neosync_config.cpp).
std::vector<std::pair<std::string, std::string>> options_of(const pc::EndpointSpec& e) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& o : e.options)
        out.emplace_back(o.key, o.text);
    return out;
}

TEST(NeosyncConfig, MapsTheDestinationBlockOntoOurOptions) {
    const auto e = pc::parse_neosync_config(R"(source:
  connection-id: 3b5e2f4c
destination:
  connection-url: postgresql://sync@dst/shop
  driver: postgres
  init-schema: true
  truncate-cascade: true
  on-conflict:
    do-nothing: true
    do-update:
      enabled: true
  batch: { count: 10 }
)",
                                            "sync.yaml");
    EXPECT_EQ(e.raw.url, "postgresql://sync@dst/shop");
    EXPECT_EQ(e.raw.job, "destination");
    // truncate-cascade alone truncates (sync.go); do-update wins over do-nothing.
    EXPECT_EQ(options_of(e),
              (std::vector<std::pair<std::string, std::string>>{{"init_tables", "true"},
                                                                {"truncate", "true"},
                                                                {"truncate_cascade", "true"},
                                                                {"on_conflict", "update"}}));
    const auto plain = pc::parse_neosync_config(
        "destination:\n  connection-url: postgresql://a@b/c\n  driver: postgres\n"
        "  truncate-before-insert: true\n  on-conflict: { do-nothing: true }\n",
        "sync.yaml");
    EXPECT_EQ(options_of(plain), (std::vector<std::pair<std::string, std::string>>{
                                     {"truncate", "true"}, {"on_conflict", "nothing"}}));
}

TEST(NeosyncConfig, RefusesWhatItCannotCheck) {
    auto error = [](const std::string& text) -> std::string {
        try {
            pc::parse_neosync_config(text, "sync.yaml");
        } catch (const pc::ConfigError& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_EQ(error("destination:\n  connection-url: x\n  driver: mysql\n"),
              "Neosync config sync.yaml, line 3, column 11: the destination's driver must be "
              "postgres");
    EXPECT_EQ(error("destination:\n  driver: postgres\n  truncate: true\n"),
              "Neosync config sync.yaml, line 3, column 3: unknown key \"truncate\" in "
              "destination");
    EXPECT_EQ(error("source: {}\n"), "Neosync config sync.yaml, line 1, column 1: the file has no "
                                     "destination");
    EXPECT_EQ(error("destination:\n  connection-url: x\n  driver: postgres\n  init-schema: yes\n"),
              "Neosync config sync.yaml, line 4, column 16: \"init-schema\" must be true or false");
}

} // namespace
