// THE C++/PostgreSQL BOUNDARY. Everything that crosses it goes through here:
//
//   PREFLIGHT_SQL_FUNCTION(name)  every SQL-callable entry point. Its guard
//       catches every C++ exception and raises the PostgreSQL error only
//       after the catch block, so no exception reaches PostgreSQL.
//   pg::call([&] { ... })         every call from C++ into PostgreSQL that
//       may ereport. A PostgreSQL error (a longjmp) stops at the call and
//       comes back as a pg::Error exception, so C++ destructors run.
//
// Inside a pg::call lambda, hold no C++ object that owns resources: the
// longjmp would skip its destructor.
#pragma once

#include "pg.hpp"

#include <exception>
#include <type_traits>

namespace preflight::pg {

// A PostgreSQL error carried through C++ frames; re-raised unchanged
// (SQLSTATE included, so cancels stay cancels) by the guard.
class Error : public std::exception {
  public:
    explicit Error(ErrorData* data) : data_(data) {}
    ErrorData* data() const { return data_; }
    const char* what() const noexcept override {
        return data_ && data_->message ? data_->message : "PostgreSQL error";
    }

  private:
    ErrorData* data_;
};

// Runs body() under PG_TRY; the one place a PostgreSQL error is caught.
template <typename Body> void guarded(Body&& body) {
    MemoryContext context = CurrentMemoryContext;
    ErrorData* volatile error = nullptr;
    // A C++ exception must not leave PG_TRY (PostgreSQL's error stack would
    // keep pointing into this frame): hold it and throw after PG_END_TRY.
    std::exception_ptr thrown;
    PG_TRY();
    {
        try {
            body();
        } catch (...) {
            thrown = std::current_exception();
        }
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(context);
        error = CopyErrorData();
        FlushErrorState();
    }
    PG_END_TRY();
    if (error)
        throw Error(error);
    if (thrown)
        std::rethrow_exception(thrown);
}

template <typename F> auto call(F&& f) -> decltype(f()) {
    using R = decltype(f());
    if constexpr (std::is_void_v<R>) {
        guarded(f);
    } else {
        R result{};
        guarded([&] { result = f(); });
        return result;
    }
}

// CHECK_FOR_INTERRUPTS for C++ loops: a pending cancel becomes pg::Error.
inline void check_for_interrupts() {
    if (unlikely(INTERRUPTS_PENDING_CONDITION()))
        call([] { ProcessInterrupts(); });
}

// The guard behind PREFLIGHT_SQL_FUNCTION (boundary.cpp).
Datum guard(FunctionCallInfo fcinfo, Datum (*body)(FunctionCallInfo));

} // namespace preflight::pg

#define PREFLIGHT_SQL_FUNCTION(name)                                                               \
    static Datum name##_body(FunctionCallInfo fcinfo);                                             \
    extern "C" {                                                                                   \
    PG_FUNCTION_INFO_V1(name);                                                                     \
    Datum name(PG_FUNCTION_ARGS) {                                                                 \
        return ::preflight::pg::guard(fcinfo, name##_body);                                        \
    }                                                                                              \
    }                                                                                              \
    static Datum name##_body(FunctionCallInfo fcinfo)
