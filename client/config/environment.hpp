// The process environment behind a function, so validation can be tested
// with a made-up environment and never reads the real one by accident.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace preflight::client {

class Environment {
  public:
    using Lookup = std::function<std::optional<std::string>(const std::string&)>;

    explicit Environment(Lookup lookup) : lookup_(std::move(lookup)) {}
    static Environment process();
    static Environment fixed(std::map<std::string, std::string> values);

    // nullopt when the variable is not set; set but empty is "".
    std::optional<std::string> get(const std::string& name) const { return lookup_(name); }

  private:
    Lookup lookup_;
};

} // namespace preflight::client
