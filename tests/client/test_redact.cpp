// A password never appears in any output: the redaction function, and every
// configuration error for hostile URLs checked for the password.
#include "helpers.hpp"
#include "report/error_line.hpp"

namespace pc = preflight::client;
using testing_client::failure_of;
using testing_client::Invocation;

TEST(Redact, UriUserInfoPassword) {
    EXPECT_EQ(pc::redact("postgresql://alice:s3cret@db:5432/shop"),
              "postgresql://alice:****@db:5432/shop");
    EXPECT_EQ(pc::redact("url \"postgres://u:p%40ss@h/d\" failed"),
              "url \"postgres://u:****@h/d\" failed");
    EXPECT_EQ(pc::redact("postgresql://alice@db/shop"), "postgresql://alice@db/shop");
    EXPECT_EQ(pc::redact("postgresql://db:5432/shop"), "postgresql://db:5432/shop");
}

TEST(Redact, RawAtSlashOrQuestionMarkInThePasswordIsHiddenWhole) {
    EXPECT_EQ(pc::redact("postgresql://u:p@s/s?w@h/d"), "postgresql://u:****@h/d");
}

TEST(Redact, ConninfoPasswordPairs) {
    EXPECT_EQ(pc::redact("host=h password=s3cret user=u"), "host=h password=**** user=u");
    EXPECT_EQ(pc::redact("host=h password = 'a b\\' c' user=u"), "host=h password = **** user=u");
    EXPECT_EQ(pc::redact("PGPASSWORD=xyz"), "PGPASSWORD=****");
    EXPECT_EQ(pc::redact("sslpassword=k"), "sslpassword=****");
    EXPECT_EQ(pc::redact("password authentication failed for user \"u\""),
              "password authentication failed for user \"u\"");
}

// Found by tests/fuzz: libpq skips any white space around '=', so
// "password=\rs3cret" sets s3cret; redact skipped only spaces and tabs.
TEST(Redact, ConninfoPasswordAfterAnyWhiteSpace) {
    EXPECT_EQ(pc::redact("password=\rs3cret"), "password=\r****");
    EXPECT_EQ(pc::redact("host=h password\n=\f s3cret user=u"), "host=h password\n=\f **** user=u");
}

// Found by tests/fuzz: libpq has no URI fragment, so "?password=#222"
// sets "#222"; redact stopped at the '#'.
TEST(Redact, UriQueryPasswordHoldingAHash) {
    EXPECT_EQ(pc::redact("postgresql://h/d?password=#222"), "postgresql://h/d?password=****");
    EXPECT_EQ(pc::redact("postgresql://h/d?password=a#b&user=u"),
              "postgresql://h/d?password=****&user=u");
}

TEST(Redact, UriQueryPassword) {
    EXPECT_EQ(pc::redact("postgresql://h/d?sslmode=require&password=x%20y&user=u"),
              "postgresql://h/d?sslmode=require&password=****&user=u");
}

TEST(Redact, KnownSecretsAnywhere) {
    pc::Secrets s;
    s.add("hunter2");
    s.add("hunter");
    s.add("");
    EXPECT_EQ(s.all().size(), 2u);
    EXPECT_EQ(pc::redact("got hunter2 and hunter and Hunter", s), "got **** and **** and Hunter");
}

TEST(OneLine, FoldsLineBreaksAndTabs) {
    EXPECT_EQ(pc::one_line("connection failed: refused\n\tIs the server running?\n"),
              "connection failed: refused; Is the server running?");
    EXPECT_EQ(pc::one_line("a\r\n\r\nb"), "a; b");
    EXPECT_EQ(pc::one_line(""), "");
    // libpq reports the same failure once per attempt: once is enough.
    EXPECT_EQ(pc::one_line("at h failed: FATAL: no\nat h failed: FATAL: no\n"),
              "at h failed: FATAL: no");
}

TEST(ErrorLine, IsOneLineRedactedAndStripped) {
    pc::Secrets s;
    s.add("pa\nss");
    EXPECT_EQ(pc::error_line("failed for pa\nss at \x1b[31mhost\x1b[0m\n", "do this", s),
              "pg_preflight: failed for **** at host; hint: do this");
    EXPECT_EQ(pc::error_line("x", "", s), "pg_preflight: x");
    EXPECT_EQ(pc::warning_line("postgresql://u:pw@h", {}),
              "pg_preflight: warning: postgresql://u:****@h");
}

namespace {

const std::vector<std::string> kPasswords = {"s3cr3t!", "p@ss", "p/ss",  "p?ss", "p#ss",
                                             "p%zz",    "p%41", "p ss",  "p'ss", "p\"ss",
                                             "p\\ss",   "p:ss", "p&ss=1"};

// Every way a URL holding the password can be wrong, and one right way.
std::vector<std::string> bad_urls(const std::string& pw) {
    return {
        "postgresql://u:" + pw + "@h/d?sslmode=bogus",
        "postgresql://u:" + pw + "@h:99999/d",
        "postgresql://u:" + pw + "@h/d?nosuch=1",
        "postgresql://u:" + pw + "@[::1/d",
        "postgresql://u:" + pw + "@h/d?sslmode=require&sslmode",
        "postgresql://u:" + pw + "@10.0.0.1/d?sslmode=verify-full",
        "postgresql://u:" + pw + "@h/d?sslcert=/nonexistent",
        "POSTGRES://u:" + pw + "@h/d",
        "mysql://u:" + pw + "@h/d",
        "postgresql://h/d?password=" + pw + "&bogus=1",
        "host=h password=" + pw + " bogus",
        "host=h password='" + pw + "' port=x",
        "host=h password=" + pw + " sslmode=verify-full hostaddr=1.2.3.4 host=",
    };
}

} // namespace

TEST(Redaction, NoConfigurationErrorShowsThePassword) {
    for (const auto& pw : kPasswords) {
        for (const auto& url : bad_urls(pw)) {
            for (const bool via_env : {false, true}) {
                Invocation run = via_env ? Invocation{{"--url-env", "USER_DEFINED_DB"},
                                                      {{"USER_DEFINED_DB", url}}}
                                         : Invocation{{"--url", url}};
                const auto f = failure_of(run);
                if (!f.failed)
                    continue; // some are valid for some passwords; the point is the text
                EXPECT_EQ(f.outcome, pc::Outcome::InvalidConfiguration);
                // The password, and its longest piece libpq might quote, stay hidden.
                const std::string core = pw.substr(0, 3);
                EXPECT_EQ(f.message.find(pw), std::string::npos) << url << "\n" << f.message;
                EXPECT_EQ(f.message.find(core), std::string::npos) << url << "\n" << f.message;
            }
        }
    }
}

TEST(Redaction, ErrorsWithAPasswordFromStdinDoNotShowIt) {
    const auto f = failure_of(
        {{"--host", "/tmp", "--sslmode", "verify-full", "--username", "u", "--password-stdin"},
         {},
         "Sup3rS3cret"});
    EXPECT_TRUE(f.failed);
    EXPECT_EQ(f.message.find("Sup3rS3cret"), std::string::npos);
}

TEST(Redaction, SecretsAreCollectedForLaterMessages) {
    pc::Secrets s;
    testing_client::config_of({{"--url", "postgresql://u:Zq%40x@h/d"}, {{"PGPASSWORD", "EnvPw1"}}},
                              &s);
    // Decoded, raw, and libpq's environment: all redacted from any later message.
    EXPECT_EQ(pc::redact("FATAL: bad Zq@x or Zq%40x or EnvPw1", s),
              "FATAL: bad **** or **** or ****");
}

TEST(Redaction, AnUnencodedAmpersandInAQueryPasswordIsNotQuotedInPieces) {
    const auto f = failure_of({{"--url", "postgresql://h/d?password=p&ss=1"}});
    EXPECT_TRUE(f.failed);
    // libpq would say: invalid URI query parameter: "ss".
    EXPECT_EQ(f.message.find("\"ss\""), std::string::npos) << f.message;
    EXPECT_NE(f.message.find("its message is not shown"), std::string::npos) << f.message;
}

// Found by tests/fuzz: an '@' in a query password made the user info look
// longer, and hiding it swallowed "password=", leaving the query password
// shown; the reverse holds for "password=" inside a user-info password.
// Both readings are now taken of the same text and every part either hides
// is hidden.
TEST(Redact, EachReadingCoversTheOthersBlindSpot) {
    const std::string at_in_query = pc::redact("postgresql://u:%3Aj@sp?password=@--client-cert#");
    EXPECT_EQ(at_in_query.find("client-cert"), std::string::npos) << at_in_query;
    EXPECT_EQ(at_in_query.find("%3Aj"), std::string::npos) << at_in_query;
    const std::string key_in_userinfo = pc::redact("postgresql://u:xpassword=abc@h/d");
    EXPECT_EQ(key_in_userinfo.find("xpassword"), std::string::npos) << key_in_userinfo;
    EXPECT_EQ(key_in_userinfo.find("abc"), std::string::npos) << key_in_userinfo;
    EXPECT_EQ(key_in_userinfo.rfind("postgresql://u:****", 0), 0u) << key_in_userinfo;
}
