// One row of preflight.check: one object and one privilege a job step needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace preflight {

enum class Status { Ok, Missing, Warning };

const char* status_name(Status s);

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
};

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
