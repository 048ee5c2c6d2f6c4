// --job, --schema, --role, destination flags and output options.
#include "helpers.hpp"

using preflight::Job;
using preflight::OnConflict;
using testing_client::config_of;
using testing_client::Invocation;

namespace pc = preflight::client;

TEST(Job, DefaultsToASourceCheckOfEverySchemaAsTheSessionUser) {
    auto c = config_of({{"--host", "h"}}).check;
    EXPECT_EQ(c.job, Job::Source);
    EXPECT_FALSE(c.role.has_value());
    EXPECT_FALSE(c.schemas.has_value());
    EXPECT_EQ(c.source, pc::Source::Auto);
    EXPECT_EQ(c.format, pc::Format::Text);
    EXPECT_FALSE(c.fix);
}

TEST(Job, SchemasRepeatAndKeepTheirOrder) {
    auto c = config_of({{"--schema", "sales", "--schema", "Odd \"name\"", "--role", "r"}}).check;
    ASSERT_TRUE(c.schemas.has_value());
    EXPECT_EQ(*c.schemas, (std::vector<std::string>{"sales", "Odd \"name\""}));
    EXPECT_EQ(c.role.value_or(""), "r");
}

TEST(Job, UnknownJobIsRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--job", "sink"}},
                        "--job \"sink\" is not valid; hint: use one of source, destination");
}

TEST(Job, EmptyRoleOrSchemaIsRefused) {
    EXPECT_CONFIG_ERROR(Invocation{{"--role", ""}}, "--role is empty");
    EXPECT_CONFIG_ERROR(Invocation{{"--schema", "a", "--schema", ""}}, "--schema is empty");
}

TEST(Destination, DefaultsMatchTheJobModel) {
    auto o = config_of({{"--job", "destination"}}).check.options;
    EXPECT_EQ(o.on_conflict, OnConflict::None);
    EXPECT_TRUE(o.update_foreign_keys);
    EXPECT_FALSE(o.truncate);
    EXPECT_FALSE(o.truncate_cascade);
    EXPECT_TRUE(o.reset_sequences);
    EXPECT_FALSE(o.create_schemas);
    EXPECT_FALSE(o.init_tables);
}

TEST(Destination, EveryFlagSetsItsOption) {
    auto o = config_of({{"--job", "destination", "--truncate", "--truncate-cascade",
                         "--no-reset-sequences", "--no-update-foreign-keys", "--create-schemas",
                         "--init-tables", "--on-conflict", "update"}})
                 .check.options;
    EXPECT_EQ(o.on_conflict, OnConflict::Update);
    EXPECT_FALSE(o.update_foreign_keys);
    EXPECT_TRUE(o.truncate);
    EXPECT_TRUE(o.truncate_cascade);
    EXPECT_FALSE(o.reset_sequences);
    EXPECT_TRUE(o.create_schemas);
    EXPECT_TRUE(o.init_tables);
    EXPECT_EQ(
        config_of({{"--job", "destination", "--on-conflict", "nothing"}}).check.options.on_conflict,
        OnConflict::Nothing);
}

TEST(Destination, FlagsWithASourceJobAreRefused) {
    for (const std::string flag : {"--truncate", "--no-reset-sequences", "--no-update-foreign-keys",
                                   "--create-schemas", "--init-tables"}) {
        EXPECT_CONFIG_ERROR(Invocation{{flag}},
                            flag +
                                " applies to the destination job only; hint: add "
                                "--job destination, or drop " +
                                flag);
        EXPECT_CONFIG_ERROR((Invocation{{"--job", "source", flag}}),
                            "applies to the destination job only");
    }
    EXPECT_CONFIG_ERROR(Invocation{{"--on-conflict", "nothing"}},
                        "--on-conflict applies to the destination job only");
    EXPECT_CONFIG_ERROR(Invocation{{"--truncate", "--truncate-cascade"}},
                        "--truncate applies to the destination job only");
}

TEST(Destination, TruncateCascadeNeedsTruncate) {
    EXPECT_CONFIG_ERROR(Invocation{{"--job", "destination", "--truncate-cascade"}},
                        "give --truncate with --truncate-cascade");
}

TEST(Destination, OnConflictValuesAreChecked) {
    EXPECT_CONFIG_ERROR(Invocation{{"--job", "destination", "--on-conflict", "ignore"}},
                        "--on-conflict \"ignore\" is not valid; hint: use one of none, nothing, "
                        "update");
}

TEST(Output, FormatSourceAndFix) {
    EXPECT_EQ(config_of({{"--format", "json"}}).check.format, pc::Format::Json);
    EXPECT_EQ(config_of({{"--format", "text"}}).check.format, pc::Format::Text);
    EXPECT_TRUE(config_of({{"--fix"}}).check.fix);
    EXPECT_EQ(config_of({{"--source", "extension"}}).check.source, pc::Source::Extension);
    EXPECT_EQ(config_of({{"--source", "catalog"}}).check.source, pc::Source::Catalog);
    EXPECT_EQ(config_of({{"--source", "auto"}}).check.source, pc::Source::Auto);
    EXPECT_CONFIG_ERROR(Invocation{{"--format", "yaml"}},
                        "--format \"yaml\" is not valid; hint: use one of text, json");
    EXPECT_CONFIG_ERROR(Invocation{{"--source", "server"}}, "use one of auto, extension, catalog");
    EXPECT_CONFIG_ERROR(Invocation{{"--fix", "--format", "json"}},
                        "--fix prints the fix script alone, so it takes no --format");
}

TEST(Output, JobErrorsComeBeforeConnectionErrors) {
    // Both are configuration errors; the first found is reported.
    EXPECT_CONFIG_ERROR(Invocation{{"--job", "x", "--port", "0", "--host", "h"}}, "--job \"x\"");
}
