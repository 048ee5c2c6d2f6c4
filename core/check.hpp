// The rules' entry points: the rows of preflight.check and the fix script.
#pragma once

#include "facts.hpp"
#include "options.hpp"
#include "row.hpp"
#include "string_set.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace preflight {

// One row per object, privilege and job step the job needs (JOBS.md),
// the steps in the order of steps.hpp's table,
// sent to `out` as they are found, or all returned at once.
void check(const Catalog& catalog, Job job, const JobOptions& options, RowSink& out);
Rows check(const Catalog& catalog, Job job, const JobOptions& options);

// Every fix of a missing row, deduplicated, in an order that runs as one script.
std::string fix_script(const Rows& rows);

bool ready(const Rows& rows);

// ready() without keeping the rows.
class ReadySink final : public RowSink {
  public:
    void add(Row&& row) override;
    bool ready = true;
};

// fix_script() of the rows sent to it, keeping only what the script needs:
// each distinct fix once, in one arena, and the details of missing rows no
// grant fixes. A cancel then frees a few blocks, not a million strings.
class FixScript final : public RowSink {
  public:
    void add(Row&& row) override { note(row); }
    void note(const Row& row);
    std::string text() const;

  private:
    StringSet fixes_;                    // each distinct fix, in the order first seen
    std::vector<std::uint8_t> orders_;   // where each runs: its row's FixOrder
    std::vector<std::string> unfixable_; // details of missing rows without a fix
};

} // namespace preflight
