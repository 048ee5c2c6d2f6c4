// A session: opened from validated parameters, queried with bound
// parameters only (PQexecParams; a value is never spliced into SQL text).
#pragma once

#include "../common/redact.hpp"
#include "../config/params.hpp"
#include "handles.hpp"

#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

class Result {
  public:
    explicit Result(ResultHandle r) : r_(std::move(r)) {}
    int rows() const { return PQntuples(r_.get()); }
    bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
    std::string text(int row, int col) const { return PQgetvalue(r_.get(), row, col); }

  private:
    ResultHandle r_;
};

class Connection {
  public:
    // Throws ConnectError (exit status 2) with libpq's message, redacted.
    static Connection open(const ConnParams& params, const Secrets& secrets);

    PGconn* get() const { return conn_.get(); }

    // Throws ServerError with the server's message, redacted.
    Result exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});

    // SELECT 1: the session answers queries, not just the handshake.
    void ping();

  private:
    Connection(ConnHandle conn, const Secrets& secrets)
        : conn_(std::move(conn)), secrets_(&secrets) {}
    ConnHandle conn_;
    const Secrets* secrets_;
};

} // namespace preflight::client
