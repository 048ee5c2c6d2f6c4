// Which needs have been reported already, by the fields that make two rows
// the same need (all but via and detail). The rows themselves are not kept:
// check() streams them out, so only a compact key per row stays, in a
// StringSet.
#pragma once

#include "row.hpp"
#include "string_set.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace preflight {

class RowSet {
  public:
    explicit RowSet(std::size_t expected = 64) : keys_(expected, kTypicalKey) {}

    // Remembers the row's need; true when it was not there yet.
    bool insert(const Row& row);
    void clear() { keys_.clear(); }
    std::size_t size() const { return keys_.size(); }

  private:
    static constexpr std::size_t kTypicalKey = 64; // names, step, lengths, fix hash
    StringSet keys_;
    std::string key_; // the key being looked up
};

// The key RowSet files a row under: the identifying fields, each with its
// length (so no name can pass for another), and a 64-bit hash of the fix
// (fix texts run to hundreds of bytes; two fixes that differ for the same
// object, privilege, step and status collide with probability 2^-64).
void need_key(const Row& row, std::string& out);

} // namespace preflight
