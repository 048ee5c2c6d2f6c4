#include "boundary.hpp"

#include "../core/errors.hpp"

#include <cstdio>
#include <cstring>
#include <new>

namespace preflight::pg {

namespace {
// Copied into fixed buffers inside the catch block: allocating there could
// itself raise a PostgreSQL error while the exception is still alive.
void copy(char* dst, std::size_t size, const char* src) {
    std::snprintf(dst, size, "%s", src);
}
} // namespace

Datum guard(FunctionCallInfo fcinfo, Datum (*body)(FunctionCallInfo)) {
    ErrorData* pg_error = nullptr;
    char message[1024] = "";
    char hint[1024] = "";
    int sqlstate = ERRCODE_INTERNAL_ERROR;
    try {
        return body(fcinfo);
    } catch (const Error& e) {
        pg_error = e.data();
    } catch (const UserError& e) {
        sqlstate = e.kind() == UserError::Kind::UndefinedObject ? ERRCODE_UNDEFINED_OBJECT
                                                                : ERRCODE_INVALID_PARAMETER_VALUE;
        copy(message, sizeof message, e.what());
        copy(hint, sizeof hint, e.hint().c_str());
    } catch (const std::bad_alloc&) {
        sqlstate = ERRCODE_OUT_OF_MEMORY;
        copy(message, sizeof message, "pg_preflight ran out of memory");
    } catch (const std::exception& e) {
        copy(message, sizeof message, "pg_preflight internal error: ");
        std::size_t used = std::strlen(message);
        copy(message + used, sizeof message - used, e.what());
    } catch (...) {
        copy(message, sizeof message, "pg_preflight internal error: unknown exception");
    }
    // Outside every catch block: now PostgreSQL may longjmp.
    if (pg_error)
        ReThrowError(pg_error);
    ereport(ERROR, (errcode(sqlstate), errmsg("%s", message), hint[0] ? errhint("%s", hint) : 0));
    pg_unreachable();
}

} // namespace preflight::pg
