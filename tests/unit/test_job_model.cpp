// The job model as data: the step table and the option table hold the
// names the SQL contract uses, and agree with each other and with the rules.
#include "catalog_builder.hpp"
#include "core/gather_plan.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace preflight {
namespace {

using namespace testing;

std::vector<std::string> step_names() {
    std::vector<std::string> out;
    for (const auto& s : steps())
        out.push_back(s.name);
    return out;
}

TEST(Steps, NamesAreTheContractsNeededForInRunOrder) {
    EXPECT_EQ(step_names(),
              (std::vector<std::string>{"connect", "read", "read sequences", "create schemas",
                                        "create tables", "truncate", "write", "upsert",
                                        "update foreign keys", "reset sequences"}));
    for (const auto& s : steps()) {
        EXPECT_EQ(find_step(s.name), s.step) << s.name;
        EXPECT_STREQ(step_name(s.step), s.name);
        EXPECT_NE(s.rule, nullptr) << s.name;
    }
    EXPECT_FALSE(find_step("Write").has_value());
    EXPECT_FALSE(find_step("").has_value());
}

TEST(Steps, EachOptionThatTurnsAStepOnIsInTheOptionTableForItsJob) {
    for (const auto& s : steps()) {
        if (!s.option)
            continue;
        const OptionSpec* o = find_option(s.option);
        ASSERT_NE(o, nullptr) << s.name;
        const unsigned bit = o->job == Job::Source ? job_bit::kSource : job_bit::kDestination;
        EXPECT_EQ(s.jobs, bit) << s.name;
    }
}

std::set<std::string> running(Job job, const JobOptions& o) {
    std::set<std::string> out;
    for (const auto& s : steps())
        if (runs(s, job, o))
            out.insert(s.name);
    return out;
}

TEST(Steps, WhichStepsAJobRuns) {
    EXPECT_EQ(running(Job::Source, {}), (std::set<std::string>{"connect", "read"}));
    EXPECT_EQ(running(Job::Source, {.read_sequences = true}),
              (std::set<std::string>{"connect", "read", "read sequences"}));
    EXPECT_EQ(
        running(Job::Destination, {}),
        (std::set<std::string>{"connect", "write", "update foreign keys", "reset sequences"}));
    JobOptions all;
    all.on_conflict = OnConflict::Nothing;
    all.truncate = all.create_schemas = all.init_tables = true;
    all.update_foreign_keys = all.reset_sequences = false;
    EXPECT_EQ(running(Job::Destination, all),
              (std::set<std::string>{"connect", "create schemas", "create tables", "truncate",
                                     "write", "upsert"}));
}

// The rows of a destination check with every step on name only steps of the table.
TEST(Steps, RowsNameOnlyStepsOfTheTable) {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid t = b.table(s, "t", {"id", "v"});
    b.serial(t, 1);
    b.table_facts(t).primary_key = {1};
    JobOptions all;
    all.on_conflict = OnConflict::Update;
    all.truncate = all.create_schemas = all.init_tables = true;
    std::set<std::string> seen;
    for (const Row& r : check_destination(b.build(), all))
        seen.insert(r.needed_for);
    for (const Row& r : check_source(b.build(), {.read_sequences = true}))
        seen.insert(r.needed_for);
    for (const auto& name : seen)
        EXPECT_TRUE(find_step(name).has_value()) << name;
    EXPECT_GE(seen.size(), 8u);
}

TEST(Options, KeysAndFlagsAreUniqueAndDefaultsAreJobOptions) {
    std::set<std::string> keys, flags;
    for (const auto& o : kOptionTable) {
        EXPECT_TRUE(keys.insert(o.key).second) << o.key;
        EXPECT_TRUE(flags.insert(o.flag).second) << o.flag;
        EXPECT_EQ(find_option(o.key), &o);
        EXPECT_EQ(o.default_value(), o.get(JobOptions{})) << o.key;
        if (o.type == OptionSpec::Type::Choice) {
            ASSERT_GT(o.value_count, 1u) << o.key;
            EXPECT_NE(o.value_of, nullptr) << o.key;
            for (std::size_t i = 0; i < o.value_count; ++i)
                EXPECT_EQ(choice_value(o, o.value_text(static_cast<int>(i))), static_cast<int>(i));
            EXPECT_EQ(choice_value(o, "no such value"), -1);
        } else {
            EXPECT_EQ(o.value_text(1), "true");
            EXPECT_EQ(o.value_text(0), "false");
            // A boolean's flag says the value other than the default.
            const bool negated = std::string(o.flag).rfind("--no-", 0) == 0;
            EXPECT_EQ(negated, o.default_value() == 1) << o.flag;
        }
        if (o.modifies) {
            const OptionSpec* base = find_option(o.modifies);
            ASSERT_NE(base, nullptr) << o.key;
            EXPECT_EQ(base->type, OptionSpec::Type::Boolean);
            EXPECT_EQ(base->job, o.job);
        }
    }
    EXPECT_EQ(find_option("no_such_option"), nullptr);
}

TEST(Options, SetAndGetReachTheirField) {
    for (const auto& o : kOptionTable) {
        JobOptions j;
        const int other = o.default_value() == 0 ? 1 : 0;
        o.set(j, other);
        EXPECT_EQ(o.get(j), other) << o.key;
        int changed = 0; // exactly this option moved
        for (const auto& p : kOptionTable)
            changed += p.get(j) != p.default_value();
        EXPECT_EQ(changed, 1) << o.key;
    }
}

TEST(Options, ChoiceHelpNamesTheDefault) {
    EXPECT_EQ(find_option("on_conflict")->values_help(), "none (default), nothing or update");
}

TEST(GatherPlan, FollowsTheJob) {
    JobOptions init;
    init.init_tables = true;
    GatherPlan src = check_plan(Job::Source, {});
    EXPECT_FALSE(src.write_details);
    EXPECT_FALSE(src.types);
    EXPECT_EQ(src.columns_unless_held, priv::kSelect);
    EXPECT_FALSE(src.generation_functions);
    GatherPlan every = check_plan(Job::Source, {}, true);
    EXPECT_EQ(every.columns_unless_held, 0u);
    EXPECT_TRUE(every.generation_functions);
    GatherPlan dst = check_plan(Job::Destination, {});
    EXPECT_TRUE(dst.write_details);
    EXPECT_FALSE(dst.types);
    EXPECT_TRUE(check_plan(Job::Destination, init).types);
    EXPECT_FALSE(check_plan(Job::Source, init).types);
    GatherPlan m = matrix_plan(true, false);
    EXPECT_FALSE(m.details);
    EXPECT_TRUE(m.sequences);
    EXPECT_FALSE(m.functions);
}

} // namespace
} // namespace preflight
