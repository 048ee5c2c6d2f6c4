// parse_job and parse_options: defaults, every key, and the errors a caller sees.
#include "core/errors.hpp"
#include "core/options.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace preflight {
namespace {

using Type = OptionValue::Type;

OptionValue boolean(const std::string& key, bool v) {
    return OptionValue{key, Type::Bool, v ? "true" : "false"};
}
OptionValue string(const std::string& key, const std::string& v) {
    return OptionValue{key, Type::String, v};
}

// The UserError `f` throws; fails the test when it throws nothing or something else.
UserError error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const UserError& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "threw a non-UserError: " << e.what();
        return UserError(UserError::Kind::UndefinedObject, "");
    }
    ADD_FAILURE() << "threw nothing";
    return UserError(UserError::Kind::UndefinedObject, "");
}

TEST(ParseJob, KnownJobs) {
    EXPECT_EQ(parse_job("source"), Job::Source);
    EXPECT_EQ(parse_job("destination"), Job::Destination);
    EXPECT_STREQ(job_name(Job::Source), "source");
    EXPECT_STREQ(job_name(Job::Destination), "destination");
}

TEST(ParseJob, UnknownJobNamesItAndTheValidOnes) {
    UserError e = error_of([] { parse_job("sink"); });
    EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter);
    EXPECT_STREQ(e.what(), "unknown job \"sink\"");
    EXPECT_EQ(e.hint(), "Valid jobs are 'source' and 'destination'.");
}

TEST(ParseJob, IsCaseSensitiveAndExact) {
    for (const char* bad : {"Source", "DESTINATION", "", " source", "source ", "dest"}) {
        UserError e = error_of([&] { parse_job(bad); });
        EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter) << bad;
        EXPECT_EQ(std::string(e.what()), std::string("unknown job \"") + bad + "\"");
    }
}

TEST(ParseOptions, DefaultsFollowTheJobModel) {
    for (Job job : {Job::Source, Job::Destination}) {
        JobOptions o = parse_options(job, {});
        EXPECT_EQ(o.on_conflict, OnConflict::None);
        EXPECT_TRUE(o.update_foreign_keys);
        EXPECT_FALSE(o.truncate);
        EXPECT_FALSE(o.truncate_cascade);
        EXPECT_TRUE(o.reset_sequences);
        EXPECT_FALSE(o.create_schemas);
        EXPECT_FALSE(o.init_tables);
    }
    // A default-constructed JobOptions is the same thing.
    JobOptions d;
    EXPECT_EQ(d.on_conflict, OnConflict::None);
    EXPECT_TRUE(d.update_foreign_keys);
    EXPECT_FALSE(d.truncate);
    EXPECT_FALSE(d.truncate_cascade);
    EXPECT_TRUE(d.reset_sequences);
    EXPECT_FALSE(d.create_schemas);
    EXPECT_FALSE(d.init_tables);
}

TEST(ParseOptions, EveryKeyFlipsItsDefault) {
    JobOptions o = parse_options(Job::Destination, {
                                                       string("on_conflict", "update"),
                                                       boolean("update_foreign_keys", false),
                                                       boolean("truncate", true),
                                                       boolean("truncate_cascade", true),
                                                       boolean("reset_sequences", false),
                                                       boolean("create_schemas", true),
                                                       boolean("init_tables", true),
                                                   });
    EXPECT_EQ(o.on_conflict, OnConflict::Update);
    EXPECT_FALSE(o.update_foreign_keys);
    EXPECT_TRUE(o.truncate);
    EXPECT_TRUE(o.truncate_cascade);
    EXPECT_FALSE(o.reset_sequences);
    EXPECT_TRUE(o.create_schemas);
    EXPECT_TRUE(o.init_tables);
}

TEST(ParseOptions, ExplicitDefaultsAreAccepted) {
    JobOptions o =
        parse_options(Job::Destination, {string("on_conflict", "none"), boolean("truncate", false),
                                         boolean("reset_sequences", true)});
    EXPECT_EQ(o.on_conflict, OnConflict::None);
    EXPECT_FALSE(o.truncate);
    EXPECT_TRUE(o.reset_sequences);
}

TEST(ParseOptions, OnConflictValues) {
    EXPECT_EQ(parse_options(Job::Destination, {string("on_conflict", "nothing")}).on_conflict,
              OnConflict::Nothing);
    EXPECT_EQ(parse_options(Job::Destination, {string("on_conflict", "update")}).on_conflict,
              OnConflict::Update);
    EXPECT_EQ(parse_options(Job::Destination, {string("on_conflict", "none")}).on_conflict,
              OnConflict::None);
}

TEST(ParseOptions, UnknownOnConflictValue) {
    UserError e =
        error_of([] { parse_options(Job::Destination, {string("on_conflict", "replace")}); });
    EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter);
    EXPECT_STREQ(e.what(), "option \"on_conflict\" has an unknown value \"replace\"");
    EXPECT_EQ(e.hint(), "Valid values are \"none\", \"nothing\" and \"update\".");
}

TEST(ParseOptions, OnConflictOfTheWrongType) {
    UserError e = error_of([] {
        parse_options(Job::Destination, {OptionValue{"on_conflict", Type::Bool, "true"}});
    });
    EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter);
    EXPECT_STREQ(e.what(), "option \"on_conflict\" must be a string, not a boolean");
    EXPECT_EQ(e.hint(), "Valid values are \"none\", \"nothing\" and \"update\".");
}

TEST(ParseOptions, UnknownKeyNamesItAndTheValidKeys) {
    UserError e = error_of([] { parse_options(Job::Destination, {boolean("truncat", true)}); });
    EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter);
    EXPECT_STREQ(e.what(), "unknown option \"truncat\"");
    EXPECT_EQ(e.hint(), "Valid options are read_sequences, column_defaults, on_conflict, "
                        "update_foreign_keys, truncate, truncate_cascade, reset_sequences, "
                        "create_schemas, init_tables.");
}

TEST(ParseOptions, KeysAreCaseSensitive) {
    UserError e = error_of([] { parse_options(Job::Destination, {boolean("Truncate", true)}); });
    EXPECT_STREQ(e.what(), "unknown option \"Truncate\"");
}

TEST(ParseOptions, BooleanOptionOfTheWrongType) {
    struct Case {
        OptionValue value;
        const char* message;
    };
    const Case cases[] = {
        {{"truncate", Type::String, "true"}, "option \"truncate\" must be a boolean, not a string"},
        {{"truncate", Type::Number, "1"}, "option \"truncate\" must be a boolean, not a number"},
        {{"truncate", Type::Null, ""}, "option \"truncate\" must be a boolean, not a null"},
        {{"reset_sequences", Type::Object, ""},
         "option \"reset_sequences\" must be a boolean, not an object"},
        {{"init_tables", Type::Array, ""},
         "option \"init_tables\" must be a boolean, not an array"},
    };
    for (const auto& c : cases) {
        UserError e = error_of([&] { parse_options(Job::Destination, {c.value}); });
        EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter);
        EXPECT_STREQ(e.what(), c.message);
        EXPECT_EQ(e.hint(),
                  "Write \"" + c.value.key + "\": true or \"" + c.value.key + "\": false.");
    }
}

TEST(ParseOptions, SourceTakesNoOptions) {
    UserError e = error_of([] { parse_options(Job::Source, {boolean("truncate", true)}); });
    EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter);
    EXPECT_STREQ(e.what(), "option \"truncate\" applies to the destination job only");
    EXPECT_EQ(e.hint(), "Pass options with job 'destination', or pass '{}' for 'source'.");
    // Even one that restates a default.
    UserError d = error_of([] { parse_options(Job::Source, {boolean("reset_sequences", true)}); });
    EXPECT_STREQ(d.what(), "option \"reset_sequences\" applies to the destination job only");
}

TEST(ParseOptions, SourceWithAnUnknownKeyIsStillAnError) {
    UserError e = error_of([] { parse_options(Job::Source, {boolean("nope", true)}); });
    EXPECT_EQ(e.kind(), UserError::Kind::InvalidParameter);
}

TEST(ParseOptions, ABadValueAfterGoodOnesIsReported) {
    UserError e = error_of([] {
        parse_options(Job::Destination, {boolean("truncate", true),
                                         OptionValue{"truncate_cascade", Type::String, "yes"}});
    });
    EXPECT_STREQ(e.what(), "option \"truncate_cascade\" must be a boolean, not a string");
}

// Hostile values reach terminals and the server log through the message:
// control characters are shown as \xNN, a long value is cut on a character.
TEST(ParseJob, UnknownJobIsShownSafely) {
    UserError e = error_of([] { parse_job("sour\x1b[2Jce\n\a"); });
    EXPECT_STREQ(e.what(), "unknown job \"sour\\x1B[2Jce\\x0A\\x07\"");
    std::string long_job = std::string(63, 'x') + "\xc3\xa9" + std::string(100000, 'y');
    e = error_of([&] { parse_job(long_job); });
    EXPECT_EQ(std::string(e.what()),
              "unknown job \"" + std::string(63, 'x') + "\"... (100065 bytes)");
}

TEST(ParseOptions, UnknownKeyAndValueAreShownSafely) {
    UserError e = error_of([] {
        parse_options(Job::Destination, {{"x\x1b[31m", OptionValue::Type::Bool, "true"}});
    });
    EXPECT_STREQ(e.what(), "unknown option \"x\\x1B[31m\"");
    e = error_of([] {
        parse_options(Job::Destination, {{"on_conflict", OptionValue::Type::String, "up\rdate"}});
    });
    EXPECT_STREQ(e.what(), "option \"on_conflict\" has an unknown value \"up\\x0Ddate\"");
}

} // namespace
} // namespace preflight
