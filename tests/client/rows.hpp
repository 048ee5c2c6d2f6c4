// Hand-built rows of preflight.check for the report tests.
#pragma once

#include "../../core/row.hpp"

#include <optional>
#include <string>

namespace testing_client {

inline preflight::Row make_row(const std::string& type, std::optional<std::string> schema,
                               const std::string& name, const std::string& privilege,
                               const std::string& step, preflight::Status status,
                               std::optional<std::string> fix = std::nullopt,
                               std::optional<std::string> column = std::nullopt) {
    preflight::Row r;
    r.object_type = type;
    r.schema_name = std::move(schema);
    r.object_name = name;
    r.column_name = std::move(column);
    r.privilege = privilege;
    r.needed_for = step;
    r.status = status;
    if (status == preflight::Status::Ok)
        r.via = "direct grant";
    r.detail = status == preflight::Status::Ok ? "Needed." : "The role lacks " + privilege + ".";
    r.fix = std::move(fix);
    return r;
}

} // namespace testing_client
