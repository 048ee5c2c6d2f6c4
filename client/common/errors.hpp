// The client's failures, one hierarchy. Each carries what failed (the
// message) and what to do (the hint); main prints both on one line,
// redacted, and exits with the status of its outcome.
#pragma once

#include "exit_status.hpp"

#include <stdexcept>
#include <string>

namespace preflight::client {

class ClientError : public std::runtime_error {
  public:
    ClientError(Outcome outcome, const std::string& message, std::string hint = {})
        : std::runtime_error(message), outcome_(outcome), hint_(std::move(hint)) {}

    Outcome outcome() const { return outcome_; }
    const std::string& hint() const { return hint_; }

  private:
    Outcome outcome_;
    std::string hint_;
};

// A bad option, found before any network traffic: exit status 3.
class ConfigError : public ClientError {
  public:
    explicit ConfigError(const std::string& message, std::string hint = {})
        : ClientError(Outcome::InvalidConfiguration, message, std::move(hint)) {}
};

// The server could not be reached or refused the session: exit status 2.
class ConnectError : public ClientError {
  public:
    explicit ConnectError(const std::string& message, std::string hint = {})
        : ClientError(Outcome::ConnectionFailed, message, std::move(hint)) {}
};

// The server failed the check (a query failed, the session ended under it):
// exit status 2. Made from the server's message, with any password removed;
// the message says whether the connection was lost, the hint what to do.
class ServerError : public ClientError {
  public:
    explicit ServerError(const std::string& server_message);
};

// Our check refused the request (core's UserError on the catalog path, such
// as a role that does not exist): the server is fine, the request is not.
// Exit status 2, as the extension path gives when the server refuses it.
class RequestRefused : public ClientError {
  public:
    RequestRefused(const std::string& reason, std::string hint)
        : ClientError(Outcome::ConnectionFailed, "the check refused the request: " + reason,
                      std::move(hint)) {}
};

} // namespace preflight::client
