// Rows read back: the check writes each row to core's RowSink as it arrives
// (in the client, a RowSpool on disk), and the reports read them from a
// RowSource, so no step needs every row of a large catalog in memory at
// once (100,000 tables give ~200,000 rows).
#pragma once

#include "../../core/row.hpp"

#include <cstdint>
#include <functional>

namespace preflight::client {

// Where a row is in its source, to read it again with at().
using RowPosition = std::uint64_t;

class RowSource {
  public:
    using Visitor = std::function<void(const Row& row, RowPosition position)>;
    virtual ~RowSource() = default;
    // Every row, in order; a row lives only for the call, and visit must not
    // read this source itself (at() waits until the pass is over).
    virtual void for_each(const Visitor& visit) const = 0;
    virtual Row at(RowPosition position) const = 0;
};

// A vector of rows as a source (a RowCollector's rows, in the tests).
class RowsView : public RowSource {
  public:
    explicit RowsView(const Rows& rows) : rows_(rows) {}
    void for_each(const Visitor& visit) const override {
        for (std::size_t i = 0; i < rows_.size(); ++i)
            visit(rows_[i], i);
    }
    Row at(RowPosition position) const override { return rows_.at(position); }

  private:
    const Rows& rows_;
};

} // namespace preflight::client
