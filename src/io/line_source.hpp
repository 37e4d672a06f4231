#pragma once
/// Lines of a text file, plain or gzip-compressed, without a copy per line.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace heatloop::io {

/// An allocator that leaves new chars uninitialised, so growing a read buffer costs no memset.
template <class T>
struct UninitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitAllocator<U>;
    };
    using std::allocator<T>::allocator;
    /// Default-initialises (for char: leaves as is) instead of value-initialising.
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    /// Constructs with arguments as usual.
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

/// A byte buffer for blocks of text.
using CharBuffer = std::vector<char, UninitAllocator<char>>;

/// Reads a file line by line; each line is a view valid until the next call. Plain files are
/// memory-mapped (the whole text is then in memory and views stay valid while the source
/// lives); gzip files, recognised by their magic bytes rather than the extension, are
/// decompressed with zlib into a block buffer. A UTF-8 byte-order mark is dropped, "\r\n" and
/// "\n" both end a line, and a last line without a final newline is still returned.
///
/// Throws NotFoundError when the file does not exist, IoError when it cannot be opened or
/// read, and InvalidInputError naming the file when gzip data is truncated or corrupt.
class LineSource {
public:
    /// Opens `file`; `block_size` is the size of each gzip read (the buffer grows for longer
    /// lines) and of the steps in which progress is reported.
    explicit LineSource(const std::filesystem::path& file, std::size_t block_size = 1 << 22);
    /// Lines of text already in memory (not copied; must outlive the source), numbered from
    /// `lines_before + 1`; `name` is used in messages.
    LineSource(std::string name, std::string_view text, long lines_before = 0);
    ~LineSource();
    LineSource(const LineSource&) = delete;
    LineSource& operator=(const LineSource&) = delete;

    /// The next line without its terminator; false at the end of the input.
    bool next(std::string_view& line);
    /// 1-based number of the line last returned by next() (0 before the first). Lines taken
    /// by the block functions below are not counted.
    long line_number() const noexcept { return line_; }

    /// True when the whole text is in memory (mapped or given), so take_lines() applies.
    bool in_memory() const noexcept { return text_ != nullptr; }
    /// In memory: the text not yet consumed.
    std::string_view remaining() const noexcept;
    /// In memory: marks the first `n` bytes of remaining() as consumed.
    void consume(std::size_t n) noexcept;
    /// Gzip: appends the next whole lines (about one block; terminators included; at the end
    /// the last line possibly without one) to `out`; false at the end of the input.
    bool read_lines(CharBuffer& out);

    /// The file as given, for messages.
    const std::string& name() const noexcept { return name_; }
    /// True when the file is gzip-compressed.
    bool compressed() const noexcept { return compressed_; }
    /// Bytes of the file (compressed bytes for gzip) consumed so far.
    std::uint64_t bytes_consumed() const noexcept;
    /// Size of the file on disk.
    std::uint64_t file_size() const noexcept { return file_size_; }
    /// Calls `callback(bytes_consumed(), file_size())` about once per block.
    void on_block(std::function<void(std::uint64_t, std::uint64_t)> callback) {
        on_block_ = std::move(callback);
    }
    /// The block size given to the constructor.
    std::size_t block_size() const noexcept { return block_size_; }

private:
    void open_gzip(const std::filesystem::path& file);
    bool map(const std::filesystem::path& file);
    bool fill();
    std::size_t read_raw(char* dst, std::size_t n);
    const char* data() const noexcept { return text_ ? text_ : buf_.data(); }
    void report_progress();

    std::string name_;
    void* gz_ = nullptr;          // the Inflater (line_source.cpp); keeps <zlib.h> out of here
    const char* text_ = nullptr;  // in-memory text (mapped or given) instead of buf_
    void* mapping_ = nullptr;     // the mmap'ed file, when mapped
    std::uint64_t file_size_ = 0;
    CharBuffer buf_;
    std::size_t block_size_;
    std::size_t begin_ = 0, end_ = 0;
    std::size_t next_report_ = 0;
    bool eof_ = false, started_ = false, compressed_ = false;
    long line_ = 0;
    std::function<void(std::uint64_t, std::uint64_t)> on_block_;
};

}  // namespace heatloop::io
