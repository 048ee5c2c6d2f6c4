// Which needs have been reported already, by the fields that make two rows
// the same need (all but via and detail). The rows themselves are not kept:
// check() streams them out, so only a compact key per row stays, in one
// arena, found by open addressing (no allocation per row).
#pragma once

#include "row.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace preflight {

class RowSet {
  public:
    explicit RowSet(std::size_t expected = 64);

    // Remembers the row's need; true when it was not there yet.
    bool insert(const Row& row);
    void clear();
    std::size_t size() const { return used_; }

  private:
    // 8 bytes: a million rows' slots fit in 16 MiB. The key's length is
    // stored before it in the arena.
    struct Slot {
        std::uint32_t tag = 0;         // high bits of the hash
        std::uint32_t offset_plus = 0; // where the key starts in keys_, plus one; 0: empty
    };
    void grow();
    bool same_key(std::size_t offset) const;        // the key at offset equals key_
    std::uint64_t rehash(std::size_t offset) const; // the hash of the key at offset

    std::vector<Slot> slots_; // a power of two in size, at most half full
    std::size_t used_ = 0;
    std::string keys_; // every key after its 4-byte length, back to back (under 4 GiB)
    std::string key_;  // the key being looked up
};

// The key RowSet files a row under: the identifying fields, each with its
// length (so no name can pass for another), and a 64-bit hash of the fix
// (fix texts run to hundreds of bytes; two fixes that differ for the same
// object, privilege, step and status collide with probability 2^-64).
void need_key(const Row& row, std::string& out);

} // namespace preflight
