// The interrupt hook (core/interrupts.hpp): the rules, the fix script, the
// facts dump and the cycle search all call it, and an exception it throws
// (the extension's cancel) ends them.
#include "catalog_builder.hpp"

#include "core/facts_dump.hpp"
#include "core/fk_cycles.hpp"
#include "core/interrupts.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace preflight {
namespace {

using namespace testing;

struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
};

int calls = 0;
int cancel_at = 0; // 0: never

void counting_check() {
    ++calls;
    if (cancel_at && calls >= cancel_at)
        throw Cancelled();
}

// Installs the counting hook for one test, and removes it after.
struct Hooked {
    explicit Hooked(int at) {
        calls = 0;
        cancel_at = at;
        interrupt_check = counting_check;
    }
    ~Hooked() { interrupt_check = nullptr; }
};

Catalog fifty_tables() {
    CatalogBuilder b;
    Oid s = b.schema("s");
    Oid prev = kInvalidOid;
    for (int i = 0; i < 50; ++i) {
        Oid t = b.table(s, "t" + std::to_string(i), {"id", "v"});
        if (prev != kInvalidOid)
            b.foreign_key(t, prev, {1});
        prev = t;
    }
    return b.build();
}

TEST(Interrupts, EveryLongLoopAsks) {
    Catalog c = fifty_tables();
    Hooked h(0);
    check_source(c);
    EXPECT_GE(calls, 50) << "the rules ask at least once per table";
    calls = 0;
    Rows rows = check_destination(c);
    calls = 0;
    fix_script(rows);
    EXPECT_GE(calls, static_cast<int>(rows.size()));
    calls = 0;
    dump_facts(c);
    EXPECT_GE(calls, 50);
    calls = 0;
    foreign_key_cycles(c);
    EXPECT_GE(calls, 50);
}

TEST(Interrupts, AThrowingHookStopsTheRulesMidway) {
    Catalog c = fifty_tables();
    Hooked h(20);
    EXPECT_THROW(check_source(c), Cancelled);
    EXPECT_EQ(calls, 20);
    calls = 0;
    EXPECT_THROW(check_destination(c), Cancelled);
    calls = 0;
    EXPECT_THROW(dump_facts(c), Cancelled);
}

TEST(Interrupts, NoHookNoCalls) {
    calls = 0;
    Catalog c = fifty_tables();
    check_destination(c);
    EXPECT_EQ(calls, 0);
}

} // namespace
} // namespace preflight
