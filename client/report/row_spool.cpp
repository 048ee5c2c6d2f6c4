#include "row_spool.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace preflight::client {

namespace {

// Each row: its status as one byte, then every text field as a 32-bit
// length (kNull for NULL) and its bytes, in the columns' order.
constexpr std::uint32_t kNull = 0xFFFFFFFF;

[[noreturn]] void io_failed(const char* what) {
    throw std::runtime_error(std::string("cannot ") + what +
                             " the temporary file that holds the rows: " + std::strerror(errno) +
                             " (is the temporary directory full?)");
}

void put(std::FILE* f, const void* data, std::size_t size) {
    if (size && std::fwrite(data, 1, size, f) != size)
        io_failed("write");
}

// Each returns the bytes it wrote or read: positions are counted, not
// asked of the file (ftello costs an lseek per row).
std::size_t put_text(std::FILE* f, const std::string* text) {
    const std::uint32_t n = text ? static_cast<std::uint32_t>(text->size()) : kNull;
    put(f, &n, sizeof n);
    if (text)
        put(f, text->data(), text->size());
    return sizeof n + (text ? text->size() : 0);
}

void get(std::FILE* f, void* data, std::size_t size) {
    if (size && std::fread(data, 1, size, f) != size) {
        if (!std::ferror(f))
            errno = EIO; // a short file: ours, so only if something else truncated it
        io_failed("read");
    }
}

// Into the caller's string, so a pass over many rows reuses its capacity.
// Sets `present` to whether the field is not NULL.
std::size_t get_text(std::FILE* f, std::string& text, bool& present) {
    std::uint32_t n = 0;
    get(f, &n, sizeof n);
    present = n != kNull;
    if (!present) {
        text.clear();
        return sizeof n;
    }
    text.resize(n);
    get(f, text.data(), n);
    return sizeof n + n;
}

std::size_t get_text(std::FILE* f, std::string& text) {
    bool present = false;
    return get_text(f, text, present);
}

std::size_t get_optional(std::FILE* f, std::optional<std::string>& text) {
    if (!text)
        text.emplace();
    bool present = false;
    const std::size_t n = get_text(f, *text, present);
    if (!present)
        text.reset();
    return n;
}

std::size_t write_row(std::FILE* f, const Row& r) {
    const auto status = static_cast<std::uint8_t>(r.status);
    put(f, &status, 1);
    return 1 + put_text(f, &r.object_type) +
           put_text(f, r.schema_name ? &*r.schema_name : nullptr) + put_text(f, &r.object_name) +
           put_text(f, r.column_name ? &*r.column_name : nullptr) + put_text(f, &r.privilege) +
           put_text(f, &r.needed_for) + put_text(f, r.via ? &*r.via : nullptr) +
           put_text(f, &r.detail) + put_text(f, r.fix ? &*r.fix : nullptr);
}

std::size_t read_row(std::FILE* f, Row& r) {
    std::uint8_t status = 0;
    get(f, &status, 1);
    r.status = static_cast<Status>(status);
    return 1 + get_text(f, r.object_type) + get_optional(f, r.schema_name) +
           get_text(f, r.object_name) + get_optional(f, r.column_name) + get_text(f, r.privilege) +
           get_text(f, r.needed_for) + get_optional(f, r.via) + get_text(f, r.detail) +
           get_optional(f, r.fix);
}

void seek(std::FILE* f, RowPosition position) {
    if (fseeko(f, static_cast<off_t>(position), SEEK_SET) != 0)
        io_failed("seek in");
}

} // namespace

RowSpool::RowSpool() : file_(std::tmpfile(), &std::fclose) {
    if (!file_)
        io_failed("create");
}

void RowSpool::add(Row&& row) {
    std::FILE* f = file_.get();
    if (!at_end_) { // a read moved the position
        seek(f, end_);
        at_end_ = true;
    }
    end_ += write_row(f, row);
    ++size_;
    count(verdict_, row.status);
}

void RowSpool::for_each(const Visitor& visit) const {
    std::FILE* f = file_.get();
    at_end_ = false;
    seek(f, 0);
    Row row;
    RowPosition position = 0;
    for (std::size_t i = 0; i < size_; ++i) {
        const RowPosition next = position + read_row(f, row);
        visit(row, position);
        position = next;
    }
}

Row RowSpool::at(RowPosition position) const {
    std::FILE* f = file_.get();
    at_end_ = false;
    seek(f, position);
    Row row;
    read_row(f, row);
    return row;
}

} // namespace preflight::client
