#include "privileges.hpp"

namespace preflight {

std::string privilege_keyword(AclMode bit) {
    switch (bit) {
    case priv::kInsert:
        return "INSERT";
    case priv::kSelect:
        return "SELECT";
    case priv::kUpdate:
        return "UPDATE";
    case priv::kDelete:
        return "DELETE";
    case priv::kTruncate:
        return "TRUNCATE";
    case priv::kReferences:
        return "REFERENCES";
    case priv::kTrigger:
        return "TRIGGER";
    case priv::kExecute:
        return "EXECUTE";
    case priv::kUsage:
        return "USAGE";
    case priv::kCreate:
        return "CREATE";
    case priv::kTemporary:
        return "TEMPORARY";
    case priv::kConnect:
        return "CONNECT";
    }
    return "UNKNOWN";
}

} // namespace preflight
