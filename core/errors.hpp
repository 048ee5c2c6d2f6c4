// Errors the rules raise for bad requests. The extension turns them into
// ereport(ERROR) with the SQLSTATE below; the client into its exit status.
#pragma once

#include <stdexcept>
#include <string>

namespace preflight {

class UserError : public std::runtime_error {
  public:
    enum class Kind { InvalidParameter, UndefinedObject };

    UserError(Kind kind, std::string message, std::string hint = {})
        : std::runtime_error(message), kind_(kind), hint_(std::move(hint)) {}

    Kind kind() const { return kind_; }
    const std::string& hint() const { return hint_; }

  private:
    Kind kind_;
    std::string hint_;
};

} // namespace preflight
