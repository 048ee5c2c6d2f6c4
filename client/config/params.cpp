#include "params.hpp"

#include <algorithm>

namespace preflight::client {

std::optional<std::string> ConnParams::get(const std::string& key) const {
    for (const auto& [k, v] : pairs_)
        if (k == key)
            return v;
    return std::nullopt;
}

void ConnParams::set(const std::string& key, std::string value) {
    for (auto& [k, v] : pairs_) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    pairs_.emplace_back(key, std::move(value));
}

void ConnParams::erase(const std::string& key) {
    pairs_.erase(
        std::remove_if(pairs_.begin(), pairs_.end(), [&](const Pair& p) { return p.first == key; }),
        pairs_.end());
}

std::vector<std::string> split_list(const std::string& value) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = value.find(',', start);
        out.push_back(value.substr(start, comma - start));
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

} // namespace preflight::client
