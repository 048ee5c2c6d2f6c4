#include "files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace preflight::client {

std::optional<std::string> unreadable_reason(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return std::string(std::strerror(errno));
    if (S_ISDIR(st.st_mode))
        return std::string("it is a directory");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return std::string(std::strerror(errno));
    std::fclose(f);
    return std::nullopt;
}

std::optional<std::string> key_permission_problem(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt; // unreadable_reason says why
    if (st.st_uid == ::geteuid() && (st.st_mode & (S_IRWXG | S_IRWXO)))
        return std::string("group or others can access it; run chmod 600 on it");
    if (st.st_uid == 0 && (st.st_mode & (S_IWGRP | S_IXGRP | S_IRWXO)))
        return std::string("it is owned by root and others can access it; run chmod 640 on it");
    return std::nullopt;
}

} // namespace preflight::client
