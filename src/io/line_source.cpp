#include "io/line_source.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

#include "heatloop/core/error.hpp"

namespace heatloop::io {

namespace {

// A gzip file (one or more members) or a plain file that cannot be mapped, read through
// zlib's inflate so that the end of the last member is known: bytes after it that do not
// start another member are an error, not silently ignored (as gzread would).
struct Inflater {
    std::FILE* file = nullptr;
    bool gzip = false;
    z_stream z{};
    bool z_open = false;
    std::vector<unsigned char> in = std::vector<unsigned char>(1 << 18);
    bool file_eof = false;
    bool member_done = false;
    std::uint64_t read_total = 0;  // bytes read from the file

    ~Inflater() {
        if (z_open) inflateEnd(&z);
        if (file) std::fclose(file);
    }
    std::uint64_t consumed() const noexcept { return read_total - (gzip ? z.avail_in : 0); }

    // Reads more of the file after the unconsumed input; false at its end.
    bool refill(const std::string& name) {
        if (file_eof) return false;
        std::size_t keep = gzip ? z.avail_in : 0;
        if (keep > 0) std::memmove(in.data(), z.next_in, keep);
        const std::size_t got = std::fread(in.data() + keep, 1, in.size() - keep, file);
        if (got == 0) {
            if (std::ferror(file))
                throw IoError(fmt::format("{}: read failed: {}", name, std::strerror(errno)));
            file_eof = true;
        }
        read_total += got;
        z.next_in = in.data();
        z.avail_in = static_cast<uInt>(keep + got);
        return got > 0;
    }
};

Inflater* as_inflater(void* p) {
    return static_cast<Inflater*>(p);
}

// Reads the first two bytes: gzip files start with 0x1f 0x8b whatever they are called.
bool has_gzip_magic(const std::filesystem::path& file) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) return false;
    unsigned char magic[2] = {0, 0};
    size_t n = std::fread(magic, 1, 2, f);
    std::fclose(f);
    return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

bool starts_with_bom(const char* p, size_t n) {
    return n >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0;
}

}  // namespace

LineSource::LineSource(const std::filesystem::path& file, std::size_t block_size)
    : name_(file.string()), block_size_(block_size < 16 ? 16 : block_size) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw NotFoundError(fmt::format("{}: no such file", name_));
    if (std::filesystem::is_directory(file, ec))
        throw InvalidInputError(fmt::format(
            "{}: is a directory, not a file; name the files in it (e.g. {}/*.csv)", name_, name_));
    file_size_ = std::filesystem::file_size(file, ec);
    compressed_ = has_gzip_magic(file);
    if (compressed_ || !map(file)) open_gzip(file);  // zlib reads plain files too
}

LineSource::LineSource(std::string name, std::string_view text, long lines_before)
    : name_(std::move(name)),
      text_(text.data()),
      file_size_(text.size()),
      block_size_(1 << 22),
      end_(text.size()),
      eof_(true),
      started_(true),
      line_(lines_before) {
    if (!text_) text_ = "";
}

LineSource::~LineSource() {
    delete as_inflater(gz_);
    if (mapping_) munmap(mapping_, file_size_);
}

void LineSource::open_gzip(const std::filesystem::path& file) {
    auto inf = std::make_unique<Inflater>();
    inf->file = std::fopen(file.c_str(), "rb");
    if (!inf->file) throw IoError(fmt::format("{}: cannot open: {}", name_, std::strerror(errno)));
    inf->gzip = compressed_;
    if (inf->gzip) {
        if (inflateInit2(&inf->z, 16 + MAX_WBITS) != Z_OK)
            throw IoError(fmt::format("{}: cannot start decompressing", name_));
        inf->z_open = true;
    }
    gz_ = inf.release();
    buf_.resize(block_size_);
}

// Maps a plain regular file; false when it cannot be (then it is read through zlib).
bool LineSource::map(const std::filesystem::path& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError(fmt::format("{}: cannot open: {}", name_, std::strerror(errno)));
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (ok && st.st_size > 0) {
        file_size_ = static_cast<std::uint64_t>(st.st_size);
        void* m = ::mmap(nullptr, file_size_, PROT_READ, MAP_PRIVATE, fd, 0);
        ok = m != MAP_FAILED;
        if (ok) {
            mapping_ = m;
            ::madvise(m, file_size_, MADV_SEQUENTIAL);
        }
    }
    ::close(fd);
    if (!ok) return false;
    text_ = mapping_ ? static_cast<const char*>(mapping_) : "";
    end_ = mapping_ ? file_size_ : 0;
    eof_ = started_ = true;
    if (starts_with_bom(text_, end_)) begin_ = 3;
    return true;
}

std::uint64_t LineSource::bytes_consumed() const noexcept {
    if (!gz_) return begin_;
    return as_inflater(gz_)->consumed();
}

void LineSource::report_progress() {
    if (on_block_) on_block_(bytes_consumed(), file_size_);
}

// Reads up to n bytes of (decompressed) input; 0 at the end, which is then remembered.
std::size_t LineSource::read_raw(char* dst, std::size_t n) {
    if (eof_) return 0;
    Inflater& in = *as_inflater(gz_);
    if (!in.gzip) {  // a plain file that could not be mapped
        const std::size_t got = std::fread(dst, 1, n, in.file);
        if (got == 0 && std::ferror(in.file))
            throw IoError(fmt::format("{}: read failed: {}", name_, std::strerror(errno)));
        in.read_total += got;
        if (got == 0) eof_ = true;
        if (got > 0) report_progress();
        return got;
    }
    auto corrupt = [&](std::string_view why) {
        return InvalidInputError(fmt::format(
            "{}: truncated or corrupt gzip data ({}); the file was not read", name_, why));
    };
    for (;;) {
        if (in.member_done) {
            // After a member: the end of the file, another member, or garbage.
            if (in.z.avail_in < 2 && !in.file_eof) {
                in.refill(name_);
                continue;
            }
            if (in.z.avail_in == 0) {
                eof_ = true;
                return 0;
            }
            if (in.z.avail_in >= 2 && in.z.next_in[0] == 0x1f && in.z.next_in[1] == 0x8b) {
                inflateReset(&in.z);
                in.member_done = false;
                continue;
            }
            throw InvalidInputError(fmt::format(
                "{}: data that is not gzip after the end of the gzip stream (from byte {} of {}); "
                "the file was not read",
                name_, in.consumed(), file_size_));
        }
        if (in.z.avail_in == 0 && !in.refill(name_)) throw corrupt("unexpected end of file");
        in.z.next_out = reinterpret_cast<Bytef*>(dst);
        in.z.avail_out = static_cast<uInt>(n);
        const int ret = inflate(&in.z, Z_NO_FLUSH);
        const std::size_t produced = n - in.z.avail_out;
        if (ret == Z_STREAM_END) {
            in.member_done = true;
        } else if (ret == Z_BUF_ERROR) {
            if (in.z.avail_in == 0 && in.file_eof) throw corrupt("unexpected end of file");
        } else if (ret != Z_OK) {
            throw corrupt(in.z.msg ? in.z.msg : "invalid data");
        }
        if (produced > 0) {
            report_progress();
            return produced;
        }
    }
}

// Appends one block after the unread bytes; false at the end of the input.
bool LineSource::fill() {
    if (eof_) return false;
    if (begin_ > 0) {  // move the partial line to the front
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buf_.size() - end_ < block_size_) buf_.resize(end_ + block_size_);
    const size_t n = read_raw(buf_.data() + end_, block_size_);
    if (n == 0) return false;
    const size_t start = end_;
    end_ += n;
    if (!started_) {  // a UTF-8 byte-order mark is not part of the header
        started_ = true;
        if (starts_with_bom(buf_.data() + start, n)) begin_ += 3;
    }
    return true;
}

bool LineSource::next(std::string_view& line) {
    size_t scanned = begin_;
    size_t stop = 0;
    for (;;) {
        const void* nl = std::memchr(data() + scanned, '\n', end_ - scanned);
        if (nl) {
            stop = static_cast<size_t>(static_cast<const char*>(nl) - data());
            break;
        }
        size_t unread = end_ - begin_;
        if (!fill()) {  // fill() may have moved the buffer: only offsets survive it
            if (begin_ == end_) return false;
            stop = end_;  // last line without a final newline
            break;
        }
        scanned = begin_ + unread;
    }
    const char* base = data();
    size_t len = stop - begin_;
    if (len > 0 && base[begin_ + len - 1] == '\r') --len;
    line = std::string_view(base + begin_, len);
    begin_ = stop < end_ ? stop + 1 : end_;
    ++line_;
    if (text_ && begin_ >= next_report_) {
        next_report_ = begin_ + block_size_;
        report_progress();
    }
    return true;
}

std::string_view LineSource::remaining() const noexcept {
    return text_ ? std::string_view(text_ + begin_, end_ - begin_) : std::string_view();
}

void LineSource::consume(std::size_t n) noexcept {
    begin_ += std::min(n, end_ - begin_);
    report_progress();
}

bool LineSource::read_lines(CharBuffer& out) {
    if (text_) {  // in memory: everything that is left
        std::string_view rest = remaining();
        out.insert(out.end(), rest.begin(), rest.end());
        consume(rest.size());
        return !rest.empty();
    }
    if (!started_ && !fill()) return false;  // the first read goes through fill() for the BOM
    const size_t start = out.size();
    out.insert(out.end(), buf_.data() + begin_, buf_.data() + end_);  // buffered already
    begin_ = end_ = 0;
    // Read straight into `out` until it holds a newline, then keep the partial last line.
    for (size_t scan_from = start;;) {
        size_t i = out.size();
        while (i > scan_from && out[i - 1] != '\n') --i;
        if (i > scan_from) {
            const size_t tail = out.size() - i;
            if (buf_.size() < tail) buf_.resize(tail + block_size_);
            std::memcpy(buf_.data(), out.data() + i, tail);
            end_ = tail;
            out.resize(i);
            break;
        }
        const size_t old = out.size();
        out.resize(old + block_size_);
        const size_t n = read_raw(out.data() + old, block_size_);
        out.resize(old + n);
        if (n == 0) break;  // end of input: the rest is the last line
        scan_from = old;
    }
    return out.size() > start;
}

}  // namespace heatloop::io
