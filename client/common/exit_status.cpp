#include "exit_status.hpp"

namespace preflight::client {

int exit_status(Outcome outcome) {
    switch (outcome) {
    case Outcome::Ready:
        return 0;
    case Outcome::NotReady:
        return 1;
    case Outcome::ConnectionFailed:
        return 2;
    case Outcome::InvalidConfiguration:
        return 3;
    case Outcome::Interrupted:
        return 130;
    }
    return 2;
}

} // namespace preflight::client
