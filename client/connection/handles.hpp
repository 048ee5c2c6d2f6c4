// Owning handles for libpq's objects: every PGconn is PQfinish-ed, every
// PGresult PQclear-ed, every PGcancel PQfreeCancel-ed, on every path.
#pragma once

#include <libpq-fe.h>

#include <memory>

namespace preflight::client {

struct ConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
struct CancelDeleter {
    void operator()(PGcancel* c) const { PQfreeCancel(c); }
};

using ConnHandle = std::unique_ptr<PGconn, ConnDeleter>;
using ResultHandle = std::unique_ptr<PGresult, ResultDeleter>;
using CancelHandle = std::unique_ptr<PGcancel, CancelDeleter>;

} // namespace preflight::client
