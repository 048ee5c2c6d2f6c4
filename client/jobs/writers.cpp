#include "writers.hpp"

#include "../common/errors.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace preflight::client {

namespace {

using json = nlohmann::ordered_json;

// A file name for an end: its job's name and its place, in letters, digits,
// '.', '_' and '-' only.
std::string file_name(const End& e, std::size_t index_in_job) {
    std::string name;
    for (char c : e.target.job)
        name += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
    return name + (index_in_job == 0 ? ".source.sql"
                                     : ".destination-" + std::to_string(index_in_job) + ".sql");
}

void fix_heading(std::ostream& out, const End& e) {
    out << "-- pg_preflight: the fix script for " << e.target.label
        << " (run it as a superuser on that server)\n";
    if (!e.target.error.empty())
        out << "-- not checked: " << e.target.error << "\n";
    else
        out << e.output;
}

} // namespace

Outcome overall(const std::vector<End>& ends) {
    auto any = [&](Outcome o) {
        for (const auto& e : ends)
            if (e.target.outcome == o)
                return true;
        return false;
    };
    for (Outcome o : {Outcome::Interrupted, Outcome::ConnectionFailed, Outcome::NotReady})
        if (any(o))
            return o;
    return Outcome::Ready;
}

void write_text(std::ostream& out, const std::vector<End>& ends, std::size_t files) {
    for (const auto& e : ends) {
        out << "\n== " << e.target.label << "\n";
        if (!e.target.error.empty())
            out << e.target.error << "\n";
        else
            out << e.output;
    }
    out << "\n";
    const Outcome all = overall(ends);
    out << (all == Outcome::Ready ? "READY" : "NOT READY")
        << (files > 1 ? "  the " + std::to_string(files) + " job files' " : "  the job file's ")
        << (ends.size() == 1 ? "connection" : std::to_string(ends.size()) + " connections")
        << ":\n";
    for (const auto& e : ends)
        out << "  " << outcome_word(e.target.outcome) << "  " << e.target.label << "\n";
}

void write_fix(std::ostream& out, const std::vector<End>& ends) {
    for (const auto& e : ends) {
        fix_heading(out, e);
        out << "\n";
    }
}

void write_fix_files(const std::string& dir, const std::vector<End>& ends) {
    for (std::size_t i = 0; i < ends.size(); ++i) {
        const End& e = ends[i];
        const std::filesystem::path path = std::filesystem::path(dir) / file_name(e, i - e.source);
        std::ofstream f(path);
        fix_heading(f, e);
        if (!f)
            throw ConfigError("cannot write " + path.string(), "check the folder's permissions");
        std::cout << outcome_word(e.target.outcome) << "  " << e.target.label << ": "
                  << path.string() << "\n";
    }
}

void write_json_document(std::ostream& out, const std::vector<std::string>& files,
                         const std::vector<End>& ends) {
    json jobs = json::array();
    for (const auto& e : ends) {
        if (jobs.empty() || jobs.back()["name"] != e.target.job ||
            jobs.back()["file"] != e.target.file)
            jobs.push_back(json{{"name", e.target.job},
                                {"file", e.target.file},
                                {"ready", true},
                                {"connections", json::array()}});
        json& job = jobs.back();
        json c{{"end", e.target.end},
               {"label", e.target.label},
               {"status", outcome_word(e.target.outcome)},
               {"seconds", e.target.seconds}};
        if (!e.target.error.empty())
            c["error"] = e.target.error;
        else
            c["report"] = json::parse(e.output, nullptr, false);
        if (e.target.outcome != Outcome::Ready)
            job["ready"] = false;
        job["connections"].push_back(std::move(c));
    }
    // "job_file" names the one file given, as before several could be.
    json doc = json::object();
    if (files.size() == 1)
        doc["job_file"] = files.front();
    doc["job_files"] = files;
    doc["ready"] = overall(ends) == Outcome::Ready;
    doc["jobs"] = std::move(jobs);
    out << doc.dump(2, ' ', true, json::error_handler_t::replace) << "\n";
}

} // namespace preflight::client
