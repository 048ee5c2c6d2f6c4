// --server-name at connect time: host=NAME, hostaddr=<addresses of target>.
#include "common/errors.hpp"
#include "connection/server_name.hpp"

#include <gtest/gtest.h>

namespace pc = preflight::client;

namespace {

pc::Resolver fake(std::vector<std::string> addresses, std::string* asked = nullptr) {
    return [addresses, asked](const std::string& host) {
        if (asked)
            *asked = host;
        return addresses;
    };
}

pc::Resolver never_called() {
    return [](const std::string& host) -> std::vector<std::string> {
        ADD_FAILURE() << "resolved " << host;
        return {};
    };
}

} // namespace

TEST(ApplyServerName, NameIsResolvedAndTheCertificateNameBecomesHost) {
    pc::ConnParams p;
    p.set("host", "internal-lb");
    p.set("port", "5432");
    std::string asked;
    pc::apply_server_name(p, {"db.example.com", "internal-lb"}, fake({"10.0.0.7"}, &asked));
    EXPECT_EQ(asked, "internal-lb");
    EXPECT_EQ(p.get("host").value_or(""), "db.example.com");
    EXPECT_EQ(p.get("hostaddr").value_or(""), "10.0.0.7");
    EXPECT_EQ(p.get("port").value_or(""), "5432");
}

TEST(ApplyServerName, EveryAddressGetsTheNameSoLibpqCanFallBack) {
    pc::ConnParams p;
    pc::apply_server_name(p, {"db.x", "lb"}, fake({"10.0.0.7", "2001:db8::7"}));
    EXPECT_EQ(p.get("host").value_or(""), "db.x,db.x");
    EXPECT_EQ(p.get("hostaddr").value_or(""), "10.0.0.7,2001:db8::7");
}

TEST(ApplyServerName, AddressesAreUsedAsTheyAre) {
    pc::ConnParams p;
    pc::apply_server_name(p, {"db.x", "10.0.0.5"}, never_called());
    EXPECT_EQ(p.get("hostaddr").value_or(""), "10.0.0.5");
    pc::ConnParams q;
    pc::apply_server_name(q, {"db.x", "[::1]"}, never_called());
    EXPECT_EQ(q.get("hostaddr").value_or(""), "::1");
    EXPECT_EQ(q.get("host").value_or(""), "db.x");
}

TEST(ApplyServerName, NothingResolvedIsAConnectionFailure) {
    pc::ConnParams p;
    try {
        pc::apply_server_name(p, {"db.x", "nowhere.invalid"}, fake({}));
        FAIL() << "no error";
    } catch (const pc::ConnectError& e) {
        EXPECT_EQ(pc::exit_status(e.outcome()), 2);
        EXPECT_EQ(std::string(e.what()),
                  "could not resolve host \"nowhere.invalid\" (for --server-name db.x)");
    }
}

TEST(ResolveAddresses, LocalhostResolvesToALoopbackAddress) {
    // /etc/hosts, no network: localhost is 127.0.0.1 or ::1.
    const auto a = pc::resolve_addresses("localhost");
    ASSERT_FALSE(a.empty());
    EXPECT_TRUE(a.front() == "127.0.0.1" || a.front() == "::1") << a.front();
}
