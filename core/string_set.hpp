// A set of strings kept back to back in one arena and found by open
// addressing: no allocation per string, and freeing it frees a few blocks.
// RowSet keeps a key per reported need in one; FixScript keeps each
// distinct fix statement in another.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace preflight {

class StringSet {
  public:
    // Room for `expected` strings of about `typical_size` bytes.
    explicit StringSet(std::size_t expected = 0, std::size_t typical_size = 0);

    // Adds s unless an equal string is there: its index (in the order first
    // added), and whether it was added now.
    std::pair<std::uint32_t, bool> insert(std::string_view s);
    std::string_view at(std::uint32_t index) const {
        const Entry& e = entries_[index];
        return {arena_.data() + e.offset, e.length};
    }
    std::size_t size() const { return entries_.size(); }
    std::size_t bytes() const { return arena_.size(); }
    void clear();

  private:
    struct Slot {
        std::uint32_t tag = 0;        // high bits of the hash
        std::uint32_t index_plus = 0; // index into entries_ plus one; 0: empty
    };
    struct Entry {
        std::uint32_t offset; // the arena stays under 4 GiB
        std::uint32_t length;
    };
    static std::uint64_t hash(std::string_view s);
    void grow();

    std::vector<Slot> slots_; // a power of two in size, at most half full
    std::vector<Entry> entries_;
    std::string arena_;
};

} // namespace preflight
