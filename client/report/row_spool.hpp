// The rows of a check, kept on disk until the last one arrived: a report
// is written only from a complete answer (an error after some rows must
// not look like a verdict), yet the client's memory stays flat however
// large the catalog. An unlinked temporary file (tmpfile), gone at exit.
#pragma once

#include "row_source.hpp"
#include "verdict.hpp"

#include <cstdio>
#include <memory>

namespace preflight::client {

// Written as core's RowSink (the check adds to it), read as a RowSource.
class RowSpool : public preflight::RowSink, public RowSource {
  public:
    RowSpool(); // throws std::runtime_error when no temporary file can be made
    void add(Row&& row) override;
    void for_each(const Visitor& visit) const override;
    Row at(RowPosition position) const override;

    std::size_t size() const { return size_; }
    // The counts of the rows added so far.
    const Verdict& verdict() const { return verdict_; }

  private:
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
    std::size_t size_ = 0;
    RowPosition end_ = 0;        // where the next row goes
    mutable bool at_end_ = true; // false once a read moved the file position
    Verdict verdict_;
};

} // namespace preflight::client
