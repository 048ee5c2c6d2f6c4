// Which rows of a Rows vector are already there, by the fields that make two
// rows the same need (all but via and detail). Open addressing over indexes:
// no allocation per row, and a probe touches one flat array.
#pragma once

#include "row.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace preflight {

class RowSet {
  public:
    explicit RowSet(std::size_t expected = 64);

    // Adds rows[index] unless an equal row is already in; true when added.
    bool insert(const Rows& rows, std::size_t index);
    void clear();

  private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t index_plus_one = 0; // 0: empty
    };
    void grow();

    std::vector<Slot> slots_; // a power of two in size, at most half full
    std::size_t used_ = 0;
};

// The hash RowSet files a row under (exposed for its tests).
std::uint64_t row_hash(const Row& row);
// Whether two rows are the same need.
bool same_need(const Row& a, const Row& b);

} // namespace preflight
