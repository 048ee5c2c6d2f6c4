// libpq connection parameters as keyword/value pairs, in order, each keyword
// once. Keywords not listed fall back to libpq's environment (PGHOST, ...),
// the service file and its defaults, exactly as for psql.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace preflight::client {

class ConnParams {
  public:
    using Pair = std::pair<std::string, std::string>;

    std::optional<std::string> get(const std::string& key) const;
    bool has(const std::string& key) const { return get(key).has_value(); }
    void set(const std::string& key, std::string value); // replaces in place, or appends
    void erase(const std::string& key);
    const std::vector<Pair>& pairs() const { return pairs_; }

  private:
    std::vector<Pair> pairs_;
};

// "a,b,,c" -> {"a", "b", "", "c"}: libpq's list syntax for host, hostaddr, port.
std::vector<std::string> split_list(const std::string& value);

} // namespace preflight::client
