#pragma once
// The httplib::Stream a worker hands to httplib for one request: it reads first from the
// bytes the connection reactor has already received, then from the socket until a deadline;
// writes wait at most the write timeout for the client to take more bytes.

#include <httplib.h>

#include <chrono>
#include <string>

namespace heatloop::web {

class BufferedSocketStream : public httplib::Stream {
public:
    using Clock = std::chrono::steady_clock;

    // `buffer` holds bytes already read from `fd` (a non-blocking socket); reads beyond it
    // fail once `read_deadline` has passed, a write once `write_timeout` passes without
    // progress.
    BufferedSocketStream(int fd, std::string buffer, Clock::time_point read_deadline,
                         std::chrono::milliseconds write_timeout)
        : fd_(fd),
          buffer_(std::move(buffer)),
          read_deadline_(read_deadline),
          write_timeout_(write_timeout) {}

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return fd_; }

    // The bytes received but not read by httplib: the start of the next (pipelined) request.
    std::string unread() const { return buffer_.substr(offset_); }

private:
    int fd_;
    std::string buffer_;
    std::size_t offset_ = 0;
    Clock::time_point read_deadline_;
    std::chrono::milliseconds write_timeout_;
};

}  // namespace heatloop::web
