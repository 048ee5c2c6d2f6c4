#include "connection.hpp"

#include "../common/errors.hpp"
#include "connect_hint.hpp"

namespace preflight::client {

Connection Connection::open(const ConnParams& params, const Secrets& secrets) {
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [k, v] : params.pairs()) {
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    // expand_dbname = 0: the URL was expanded (and checked) already, so a
    // database named like a URL stays a database name.
    ConnHandle conn(PQconnectdbParams(keys.data(), values.data(), 0));
    if (!conn)
        throw ConnectError("could not connect: out of memory");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        const std::string message = redact(one_line(PQerrorMessage(conn.get())), secrets);
        throw ConnectError("could not connect: " + message, connect_hint(message));
    }
    return Connection(std::move(conn), secrets);
}

Result Connection::exec(const std::string& sql,
                        const std::vector<std::optional<std::string>>& params) {
    std::vector<const char*> values;
    for (const auto& p : params)
        values.push_back(p ? p->c_str() : nullptr);
    ResultHandle r(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                                values.data(), nullptr, nullptr, 0));
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        // A lost connection: the session's message holds the server's last words.
        std::string message =
            one_line(r && PQstatus(conn_.get()) != CONNECTION_BAD ? PQresultErrorMessage(r.get())
                                                                  : PQerrorMessage(conn_.get()));
        throw ServerError(redact(message.empty() ? "the query failed" : message, *secrets_));
    }
    return Result(std::move(r));
}

void Connection::ping() {
    Result r = exec("SELECT 1");
    if (r.rows() != 1 || r.text(0, 0) != "1")
        throw ServerError("the server did not answer SELECT 1 with 1");
}

} // namespace preflight::client
