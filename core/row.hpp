// One row of preflight.check: one object and one privilege a job step needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace preflight {

enum class Status { Ok, Missing, Warning };

const char* status_name(Status s);

// Where a fix runs in the fix script: statements others depend on first (a
// role must have LOGIN before grants matter, schemas exist before what is
// in them, ownership changes before policies on the table they hand over).
// Set by whoever writes the fix, in this order.
enum class FixOrder : std::uint8_t {
    Role,             // ALTER ROLE
    Connect,          // GRANT CONNECT
    CreateOnDatabase, // GRANT CREATE ON DATABASE
    Temporary,        // GRANT TEMPORARY
    CreateSchema,     // CREATE SCHEMA
    SchemaUsage,      // GRANT USAGE ON SCHEMA
    SchemaCreate,     // GRANT CREATE ON SCHEMA
    CreateObject,     // CREATE TYPE, DOMAIN, TABLE (what the destination lacks of the source)
    TableOwner,       // ALTER TABLE ... OWNER TO
    SequenceOwner,    // ALTER SEQUENCE ... OWNER TO
    TypeUsage,        // GRANT USAGE ON TYPE
    Grant,            // every other GRANT
    Policy,           // CREATE POLICY
    Other,
};
constexpr int kFixOrders = static_cast<int>(FixOrder::Other) + 1;

// The order of a fix read back as text (rows that came over the wire: the
// SQL result of preflight.check has no column for it). The rules never
// call it; the unit tests hold it to the order each fix was made with.
FixOrder fix_order_of(std::string_view fix);

struct Row {
    std::string
        object_type; // database, schema, table, column, sequence, function, trigger, role, type
    std::optional<std::string> schema_name;
    std::string object_name;
    std::optional<std::string> column_name;
    std::string privilege;  // SQL keyword, or OWNER, LOGIN, BYPASSRLS
    std::string needed_for; // the job step
    Status status = Status::Ok;
    std::optional<std::string> via; // how it is held; empty when missing
    std::string detail;
    std::optional<std::string> fix; // the smallest statement that makes the row ok
    // Where `fix` runs in the fix script: set with the fix by the rules;
    // unset in rows read back as text (fix_order_of recovers it).
    std::optional<FixOrder> fix_order;
};

// A fix as the rules make it: the statement and where it runs.
struct Fix {
    std::string sql;
    FixOrder order;
};

inline void set_fix(Row& r, Fix fix) {
    r.fix = std::move(fix.sql);
    r.fix_order = fix.order;
}

using Rows = std::vector<Row>;

// Where check() sends its rows, one at a time, in report order: the
// extension writes them to its result as they come, so a million rows are
// never held at once.
class RowSink {
  public:
    virtual ~RowSink() = default;
    virtual void add(Row&& row) = 0;
};

// Keeps every row (the client, the tests, the fix script).
class RowCollector final : public RowSink {
  public:
    void add(Row&& row) override { rows.push_back(std::move(row)); }
    Rows rows;
};

} // namespace preflight
