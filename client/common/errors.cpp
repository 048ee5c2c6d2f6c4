#include "errors.hpp"

#include "server_failure.hpp"

namespace preflight::client {

ServerError::ServerError(const std::string& m)
    : ClientError(Outcome::ConnectionFailed,
                  (connection_lost(m) ? "the connection to the server was lost during the check: "
                                      : "the server failed the check: ") +
                      m,
                  check_failure_hint(m)) {}

} // namespace preflight::client
