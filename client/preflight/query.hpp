// Parameterized catalog queries for the preflight: PQexecParams only, every
// value bound as text, every failure a ServerError with the server's words.
#pragma once

#include "../common/errors.hpp"

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace preflight::client {

class QueryResult {
  public:
    explicit QueryResult(PGresult* r) : result_(r, &PQclear) {}
    int rows() const { return PQntuples(result_.get()); }
    // The position of the column named `name`; throws ServerError when the
    // result has none, so a query and its reader cannot drift apart unseen.
    int column(const char* name) const;
    bool null(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
    std::string text(int row, int col) const { return PQgetvalue(result_.get(), row, col); }
    std::optional<std::string> optional_text(int row, int col) const;
    bool boolean(int row, int col) const; // 't'; NULL counts as false
    unsigned long number(int row, int col) const;
    std::vector<std::string> text_array(int row, int col) const; // a one-dimensional text[]

  private:
    std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

using Params = std::vector<std::optional<std::string>>;

// Runs one statement; throws ServerError on failure.
QueryResult query(PGconn* conn, const std::string& sql, const Params& params = {});

// Runs one statement in libpq's single-row mode: each row is handed to
// on_row (as row 0 of its own result) as it arrives, so the whole result is
// never held. Throws ServerError on failure, after the rows before it.
void query_rows(PGconn* conn, const std::string& sql, const Params& params,
                const std::function<void(const QueryResult& row)>& on_row);

// Runs the statements in one round trip (libpq's pipeline mode), in order,
// and returns their results in order. Throws ServerError with the first
// failure (the statements after it do not run).
struct Statement {
    std::string sql;
    Params params;
};
std::vector<QueryResult> query_pipeline(PGconn* conn, const std::vector<Statement>& statements);

// An array literal for a text[]/name[]/oid[] parameter.
std::string array_literal(const std::vector<std::string>& items);

} // namespace preflight::client
