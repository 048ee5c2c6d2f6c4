#include "query.hpp"

#include <cstdlib>

namespace preflight::client {

int QueryResult::column(const char* name) const {
    const int col = PQfnumber(result_.get(), name);
    if (col < 0)
        throw ServerError(std::string("the query's result has no column \"") + name + '"');
    return col;
}

std::optional<std::string> QueryResult::optional_text(int row, int col) const {
    if (null(row, col))
        return std::nullopt;
    return text(row, col);
}

bool QueryResult::boolean(int row, int col) const {
    return !null(row, col) && PQgetvalue(result_.get(), row, col)[0] == 't';
}

unsigned long QueryResult::number(int row, int col) const {
    return null(row, col) ? 0 : std::strtoul(PQgetvalue(result_.get(), row, col), nullptr, 10);
}

// Parses PostgreSQL's array output: {a,"b c","d\"e"}; NULL elements are
// never produced by our queries and come back as "NULL".
std::vector<std::string> QueryResult::text_array(int row, int col) const {
    std::vector<std::string> out;
    if (null(row, col))
        return out;
    std::string s = text(row, col);
    // Arrays with a lower bound other than 1 print it first: "[0:1]={1,2}".
    if (!s.empty() && s.front() == '[' && s.find('=') != std::string::npos)
        s.erase(0, s.find('=') + 1);
    if (s.size() < 2 || s.front() != '{' || s.back() != '}')
        return out;
    std::size_t i = 1;
    const std::size_t end = s.size() - 1;
    while (i < end) {
        std::string item;
        if (s[i] == '"') {
            ++i;
            while (i < end && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < end)
                    ++i;
                item += s[i++];
            }
            ++i; // closing quote
        } else {
            while (i < end && s[i] != ',')
                item += s[i++];
        }
        out.push_back(std::move(item));
        if (i < end && s[i] == ',')
            ++i;
    }
    return out;
}

namespace {

std::string trimmed(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message.empty() ? "the query failed" : message;
}

// Why a query failed. On a lost connection the session's message holds the
// server's last words (FATAL: terminating ...) before libpq's "server
// closed ...", which the result alone would drop.
std::string failure_message(PGconn* conn, const PGresult* r) {
    return trimmed(r && PQstatus(conn) != CONNECTION_BAD ? PQresultErrorMessage(r)
                                                         : PQerrorMessage(conn));
}

std::vector<const char*> values_of(const Params& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params)
        values.push_back(p ? p->c_str() : nullptr);
    return values;
}

} // namespace

QueryResult query(PGconn* conn, const std::string& sql, const Params& params) {
    const std::vector<const char*> values = values_of(params);
    PGresult* r = PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    QueryResult result(r);
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        throw ServerError(failure_message(conn, r));
    return result;
}

std::vector<QueryResult> query_pipeline(PGconn* conn, const std::vector<Statement>& statements) {
    if (!PQenterPipelineMode(conn))
        throw ServerError("could not switch libpq to pipeline mode: " +
                          trimmed(PQerrorMessage(conn)));
    struct Leave {
        PGconn* c;
        ~Leave() { PQexitPipelineMode(c); }
    } leave{conn};
    for (const auto& s : statements) {
        const std::vector<const char*> values = values_of(s.params);
        if (!PQsendQueryParams(conn, s.sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0))
            throw ServerError(trimmed(PQerrorMessage(conn)));
    }
    if (!PQpipelineSync(conn))
        throw ServerError(trimmed(PQerrorMessage(conn)));
    // Every result is read, up to the sync, so the connection is left idle;
    // the first error is the one reported.
    std::vector<QueryResult> out;
    std::optional<std::string> error;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        std::optional<QueryResult> kept;
        while (PGresult* r = PQgetResult(conn)) {
            QueryResult result(r);
            const ExecStatusType status = PQresultStatus(r);
            if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
                kept.emplace(std::move(result));
            else if (status != PGRES_PIPELINE_ABORTED && !error)
                error = failure_message(conn, r);
        }
        if (kept)
            out.push_back(std::move(*kept));
    }
    while (PGresult* r = PQgetResult(conn)) { // the sync
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync)
            break;
    }
    if (error)
        throw ServerError(*error);
    if (out.size() != statements.size())
        throw ServerError("the server answered " + std::to_string(out.size()) + " of " +
                          std::to_string(statements.size()) + " statements");
    return out;
}

void query_rows(PGconn* conn, const std::string& sql, const Params& params,
                const std::function<void(const QueryResult& row)>& on_row) {
    const std::vector<const char*> values = values_of(params);
    if (!PQsendQueryParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                           values.data(), nullptr, nullptr, 0))
        throw ServerError(trimmed(PQerrorMessage(conn)));
    if (!PQsetSingleRowMode(conn))
        throw ServerError("could not switch libpq to single-row mode");
    // Every result is read, even after an error, so the connection is left
    // idle; the first error is the one reported.
    std::optional<std::string> error;
    while (PGresult* r = PQgetResult(conn)) {
        QueryResult result(r);
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_SINGLE_TUPLE) {
            if (!error)
                on_row(result);
        } else if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && !error) {
            error = failure_message(conn, r);
        }
    }
    if (error)
        throw ServerError(*error);
}

std::string array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i)
            out += ',';
        out += '"';
        for (char c : items[i]) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

} // namespace preflight::client
