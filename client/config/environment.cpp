#include "environment.hpp"

#include <cstdlib>

namespace preflight::client {

Environment Environment::process() {
    return Environment([](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v)
            return std::nullopt;
        return std::string(v);
    });
}

Environment Environment::fixed(std::map<std::string, std::string> values) {
    return Environment([values = std::move(values)](const std::string& name) {
        auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
}

} // namespace preflight::client
