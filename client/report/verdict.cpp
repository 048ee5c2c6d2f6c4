#include "verdict.hpp"

namespace preflight::client {

Verdict verdict_of(const Rows& rows) {
    Verdict v;
    for (const auto& r : rows) {
        switch (r.status) {
        case Status::Ok:
            ++v.ok;
            break;
        case Status::Missing:
            ++v.missing;
            break;
        case Status::Warning:
            ++v.warnings;
            break;
        }
    }
    v.ready = v.missing == 0;
    return v;
}

Outcome outcome_of(const Verdict& verdict) {
    return verdict.ready ? Outcome::Ready : Outcome::NotReady;
}

} // namespace preflight::client
