#include "yaml_file.hpp"

#include "../common/errors.hpp"

#include <fstream>
#include <sstream>

namespace preflight::client {

std::string yaml_place(const std::string& path, const YAML::Mark& mark) {
    return path + ", line " + std::to_string(mark.line + 1) + ", column " +
           std::to_string(mark.column + 1);
}

std::string read_text_file(const std::string& path, const std::string& kind) {
    std::ifstream in(path);
    if (!in)
        throw ConfigError(kind + " " + path + " cannot be read",
                          "check the path and that this user may read it");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

YAML::Node load_yaml(const std::string& text, const std::string& path, const std::string& kind,
                     const std::string& hint) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw ConfigError(kind + " " + yaml_place(path, e.mark) + ": " + e.msg, hint);
    }
}

void yaml_refuse(const std::string& kind, const std::string& path, const YAML::Node& at,
                 const std::string& what, const std::string& hint) {
    throw ConfigError(kind + " " + yaml_place(path, at.Mark()) + ": " + what, hint);
}

std::string shown_key(const std::string& key) {
    const bool plain = !key.empty() && key.size() <= 40 &&
                       key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                             "0123456789_-") == std::string::npos;
    return plain ? "\"" + key + "\"" : "(not shown: it is not a plain name)";
}

} // namespace preflight::client
