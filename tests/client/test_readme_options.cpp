// The README's option table is made from core's option table: this test
// renders it and fails, printing the table to paste, when the two differ.
#include "../../core/options.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

using preflight::kOptionTable;
using preflight::OptionSpec;

std::string json_value(const OptionSpec& o, int value) {
    return o.type == OptionSpec::Type::Boolean ? o.value_text(value)
                                               : "\"" + o.value_text(value) + "\"";
}

std::string rendered() {
    std::string out = "| option | job | values | default | client flag | what the flag says |\n"
                      "|---|---|---|---|---|---|\n";
    for (const auto& o : kOptionTable) {
        std::string values;
        const int count = o.type == OptionSpec::Type::Boolean ? 2 : static_cast<int>(o.value_count);
        for (int i = 0; i < count; ++i)
            values += (i ? ", `" : "`") +
                      json_value(o, o.type == OptionSpec::Type::Boolean ? 1 - i : i) + "`";
        out += "| `" + std::string(o.key) + "` | " + preflight::job_name(o.job) + " | " + values +
               " | `" + json_value(o, o.default_value()) + "` | `" + o.flag +
               (o.value_of ? std::string(" ") + o.value_of : "") + "` | " + o.help + " |\n";
    }
    return out;
}

std::string readme_table() {
    std::ifstream in(PREFLIGHT_SOURCE_DIR "/README.md");
    std::stringstream all;
    all << in.rdbuf();
    const std::string text = all.str();
    const std::string begin = "<!-- options: begin -->\n", end = "<!-- options: end -->";
    const auto b = text.find(begin);
    const auto e = text.find(end);
    if (b == std::string::npos || e == std::string::npos || e < b)
        return "(no table between " + begin + " and " + end + " in README.md)";
    return text.substr(b + begin.size(), e - b - begin.size());
}

TEST(Readme, OptionTableIsCoresOptionTable) {
    EXPECT_EQ(readme_table(), rendered()) << "paste into README.md:\n" << rendered();
}

} // namespace
