#include "heatloop/io/frame_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"

namespace heatloop::io {

// Channel arrays are written and read as raw bytes; a big-endian port would byte-swap here.
static_assert(std::endian::native == std::endian::little, "frame files are little-endian");

namespace {

constexpr std::array<char, 8> k_magic{'H', 'L', 'F', 'R', 'A', 'M', 'E', '\0'};
constexpr std::uint64_t k_prefix = 24;
constexpr std::uint64_t k_align = 64;
constexpr std::uint64_t k_max_header = 1ull << 30;

std::string errno_text() {
    return std::strerror(errno);
}

// A file descriptor closed on scope exit.
class Fd {
public:
    Fd(const std::filesystem::path& file, int flags, bool must_exist)
        : fd_(::open(file.c_str(), flags, 0644)) {
        if (fd_ >= 0) return;
        if (errno == ENOENT && must_exist)
            throw NotFoundError(fmt::format("cache file {} does not exist", file.string()));
        throw IoError(fmt::format("cannot open {}: {}", file.string(), errno_text()));
    }
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const noexcept { return fd_; }
    // Closes now, reporting a failed close (delayed write errors).
    void close(const std::filesystem::path& file) {
        int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0)
            throw IoError(fmt::format("cannot write {}: {}", file.string(), errno_text()));
    }

private:
    int fd_;
};

void write_all(int fd, const void* data, std::uint64_t size, const std::filesystem::path& file) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw IoError(fmt::format("cannot write {}: {}", file.string(), errno_text()));
        p += n;
        size -= static_cast<std::uint64_t>(n);
    }
}

void read_all(int fd, void* data, std::uint64_t size, std::uint64_t offset,
              const std::filesystem::path& file) {
    char* p = static_cast<char*>(data);
    while (size > 0) {
        ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw IoError(fmt::format("cannot read {}: {}", file.string(), errno_text()));
        if (n == 0)
            throw IoError(
                fmt::format("cache file {} is truncated; re-ingest the data", file.string()));
        p += n;
        size -= static_cast<std::uint64_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

template <class T>
void put(std::vector<char>& out, std::size_t at, T v) {
    std::memcpy(out.data() + at, &v, sizeof v);
}

FrameFileHeader parse_header(int fd, const std::filesystem::path& file, std::uint64_t file_size) {
    auto corrupt = [&](std::string_view why) {
        return IoError(
            fmt::format("cache file {} is not a valid heatloop frame file ({}); "
                        "re-ingest the data",
                        file.string(), why));
    };
    if (file_size < k_prefix) throw corrupt("too short");
    std::array<char, k_prefix> prefix{};
    read_all(fd, prefix.data(), k_prefix, 0, file);
    if (std::memcmp(prefix.data(), k_magic.data(), k_magic.size()) != 0) throw corrupt("bad magic");
    std::uint32_t version = 0;
    std::uint64_t json_size = 0;
    std::memcpy(&version, prefix.data() + 8, sizeof version);
    std::memcpy(&json_size, prefix.data() + 16, sizeof json_size);
    if (version > static_cast<std::uint32_t>(k_workspace_format_version))
        throw IoError(
            fmt::format("cache file {} has format version {}, newer than this heatloop "
                        "reads ({})",
                        file.string(), version, k_workspace_format_version));
    if (json_size > k_max_header || k_prefix + json_size > file_size)
        throw corrupt("bad header length");
    std::string text(json_size, '\0');
    read_all(fd, text.data(), json_size, k_prefix, file);
    FrameFileHeader h;
    try {
        auto j = nlohmann::json::parse(text);
        h.id = j.at("id").get<std::string>();
        h.kind = j.at("kind").get<std::string>();
        h.start = j.at("start").get<Timestamp>();
        h.step = j.at("step").get<Duration>();
        h.rows = j.at("rows").get<std::uint64_t>();
        h.channels = j.at("channels").get<std::vector<std::string>>();
        for (const auto& g : j.at("gaps"))
            h.gaps.push_back(GapSpan{g.at(0).get<Timestamp>(), g.at(1).get<Timestamp>(),
                                     g.at(2).get<std::string>()});
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(e.what());
    }
    h.data_offset = (k_prefix + json_size + k_align - 1) / k_align * k_align;
    const std::uint64_t expected = h.data_offset + h.rows * h.channels.size() * sizeof(double);
    if (h.rows > (1ull << 40) || file_size != expected)
        throw corrupt(fmt::format("size {} bytes, expected {}", file_size, expected));
    return h;
}

// Loading is dominated by page faults on the fresh vectors (a unit-year at 1 min is 4 MB per
// channel), not by copying. Where transparent huge pages are in "madvise" mode, asking for
// them on the 2 MB-aligned interior cuts the faults several hundred-fold.
template <class T>
void reserve_large(std::vector<T>& v, std::size_t n) {
    v.reserve(n);
    constexpr std::uintptr_t k_huge = std::uintptr_t{1} << 21;
    const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t lo = (begin + k_huge - 1) & ~(k_huge - 1);
    const std::uintptr_t hi = (begin + n * sizeof(T)) & ~(k_huge - 1);
#ifdef MADV_HUGEPAGE
    if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
#endif
}

std::uint64_t size_of(int fd, const std::filesystem::path& file) {
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        throw IoError(fmt::format("cannot stat {}: {}", file.string(), errno_text()));
    return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace

void write_frame_file(const std::filesystem::path& file, const UnitFrame& frame,
                      std::string_view kind) {
    if (frame.rows() > 0 && frame.step() <= 0)
        throw InternalError(fmt::format("write_frame_file {}: frame of {} is not on a grid",
                                        file.string(), frame.unit_id()));
    nlohmann::json gaps = nlohmann::json::array();
    for (const GapSpan& g : frame.gaps()) gaps.push_back({g.start, g.end, g.channel});
    nlohmann::json j = {{"id", frame.unit_id()},
                        {"kind", kind},
                        {"start", frame.rows() ? frame.time().front() : 0},
                        {"step", frame.step()},
                        {"rows", frame.rows()},
                        {"channels", frame.channel_names()},
                        {"gaps", std::move(gaps)}};
    const std::string text = j.dump();
    const std::uint64_t offset = (k_prefix + text.size() + k_align - 1) / k_align * k_align;
    std::vector<char> head(offset, '\0');
    std::memcpy(head.data(), k_magic.data(), k_magic.size());
    put(head, 8, static_cast<std::uint32_t>(k_workspace_format_version));
    put(head, 16, static_cast<std::uint64_t>(text.size()));
    std::memcpy(head.data() + k_prefix, text.data(), text.size());

    Fd fd(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, false);
    write_all(fd.get(), head.data(), head.size(), file);
    for (const Channel& c : frame.channels()) {
        if (c.values.size() != frame.rows())
            throw InternalError(
                fmt::format("write_frame_file {}: channel {} has {} values for "
                            "{} rows",
                            file.string(), c.name, c.values.size(), frame.rows()));
        write_all(fd.get(), c.values.data(), c.values.size() * sizeof(double), file);
    }
    fd.close(file);
}

FrameFileHeader read_frame_header(const std::filesystem::path& file) {
    Fd fd(file, O_RDONLY | O_CLOEXEC, true);
    return parse_header(fd.get(), file, size_of(fd.get(), file));
}

UnitFrame read_frame_file(const std::filesystem::path& file) {
    Fd fd(file, O_RDONLY | O_CLOEXEC, true);
    FrameFileHeader h = parse_header(fd.get(), file, size_of(fd.get(), file));
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    UnitFrame frame(h.id);
    const auto rows = static_cast<std::size_t>(h.rows);
    if (h.step > 0) {
        reserve_large(frame.time(), rows);
        frame.set_grid(h.start, h.step, rows);
    }
    std::uint64_t offset = h.data_offset;
    frame.channels().reserve(h.channels.size());
    for (std::string& name : h.channels) {
        std::vector<double> values;
        reserve_large(values, rows);
        values.resize(rows);
        read_all(fd.get(), values.data(), rows * sizeof(double), offset, file);
        offset += rows * sizeof(double);
        frame.channels().push_back(Channel{std::move(name), std::move(values)});
    }
    frame.gaps() = std::move(h.gaps);
    return frame;
}

}  // namespace heatloop::io
