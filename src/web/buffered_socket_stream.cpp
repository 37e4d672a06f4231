#include "web/buffered_socket_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace heatloop::web {

namespace {

// Waits up to `ms` for `events` on `fd`; true when they came.
bool wait_for(int fd, short events, long long ms) {
    if (ms < 0) ms = 0;
    pollfd p{fd, events, 0};
    for (;;) {
        const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(ms, 1 << 30)));
        if (n < 0 && errno == EINTR) continue;
        return n > 0;
    }
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
        const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
        ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof(text));
        port = ntohs(a.sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
        ::inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof(text));
        port = ntohs(a.sin6_port);
    }
    ip = text;
}

}  // namespace

bool BufferedSocketStream::is_readable() const {
    if (offset_ < buffer_.size()) return true;
    using namespace std::chrono;
    return wait_for(fd_, POLLIN,
                    duration_cast<milliseconds>(read_deadline_ - Clock::now()).count());
}

bool BufferedSocketStream::is_writable() const {
    return wait_for(fd_, POLLOUT, write_timeout_.count());
}

ssize_t BufferedSocketStream::read(char* ptr, size_t size) {
    if (offset_ < buffer_.size()) {
        const std::size_t n = std::min(size, buffer_.size() - offset_);
        std::memcpy(ptr, buffer_.data() + offset_, n);
        offset_ += n;
        return static_cast<ssize_t>(n);
    }
    for (;;) {
        if (!is_readable()) return -1;  // the request's time is up
        const ssize_t n = ::recv(fd_, ptr, size, 0);
        if (n >= 0) return n;
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    }
}

ssize_t BufferedSocketStream::write(const char* ptr, size_t size) {
    for (;;) {
        const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
        if (n >= 0) return n;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
        if (!is_writable()) return -1;  // the client takes no more bytes
    }
}

void BufferedSocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        address_of(addr, ip, port);
}

void BufferedSocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        address_of(addr, ip, port);
}

}  // namespace heatloop::web
