#include "verdict.hpp"

namespace preflight::client {

void count(Verdict& v, Status status) {
    switch (status) {
    case Status::Ok:
        ++v.ok;
        break;
    case Status::Missing:
        ++v.missing;
        v.ready = false;
        break;
    case Status::Warning:
        ++v.warnings;
        break;
    }
}

Outcome outcome_of(const Verdict& verdict) {
    return verdict.ready ? Outcome::Ready : Outcome::NotReady;
}

} // namespace preflight::client
