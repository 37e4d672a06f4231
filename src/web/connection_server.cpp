#include "web/connection_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>

#include "heatloop/core/error.hpp"
#include "web/buffered_socket_stream.hpp"
#include "web/request_framing.hpp"

namespace heatloop::web {

namespace {

// httplib hands each accepted socket to its task queue; ours only registers the socket with
// the reactor, which is quick, so it runs on the accepting thread.
class InlineTaskQueue : public httplib::TaskQueue {
public:
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override {}
};

constexpr std::size_t k_read_chunk = 16 * 1024;

}  // namespace

ConnectionServer::ConnectionServer(ConnectionLimits limits, unsigned workers)
    : limits_(limits), worker_count_(std::max(1u, workers)) {
    new_task_queue = [] { return new InlineTaskQueue; };
    // Room for the database, the workspace's files and the listening socket under the
    // process's open-file limit: accept() failing with EMFILE would stall new clients.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
        const std::size_t room = files.rlim_cur > 128 ? files.rlim_cur - 64 : 64;
        limits_.max_connections = std::min(limits_.max_connections, room);
    }
    limits_.max_idle = std::min(limits_.max_idle, limits_.max_connections);
}

ConnectionServer::~ConnectionServer() {
    close_connections();
}

void ConnectionServer::set_listen_backlog(int backlog) {
    // listen() on a listening socket changes its backlog (Linux).
    const socket_t s = svr_sock_;
    if (s != INVALID_SOCKET) ::listen(s, backlog);
}

void ConnectionServer::start() {
    std::lock_guard lock(mu_);
    if (started_) return;
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || wake_fd_ < 0) throw IoError("serve: cannot create the connection poller");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
    started_ = true;
    reactor_ = std::thread([this] { reactor_loop(); });
    for (unsigned i = 0; i < worker_count_; ++i) workers_.emplace_back([this] { worker_loop(); });
}

void ConnectionServer::close_connections() {
    // A second caller (the signal watcher and run() both stop) waits for the first to finish.
    std::lock_guard closing(close_mu_);
    {
        std::lock_guard lock(mu_);
        if (!started_ || stopping_) return;
        stopping_ = true;
    }
    wake();
    ready_cv_.notify_all();
    if (reactor_.joinable()) reactor_.join();
    for (std::thread& t : workers_) t.join();
    std::lock_guard lock(mu_);
    while (!waiting_.empty()) {
        auto it = waiting_.begin();
        std::unique_ptr<Conn> c = std::move(it->second);
        waiting_.erase(it);
        close_conn(*c);
    }
    ::close(epoll_fd_);
    ::close(wake_fd_);
}

ConnectionServer::Counts ConnectionServer::counts() const {
    std::lock_guard lock(mu_);
    Counts c;
    c.open = open_;
    for (const auto& [fd, conn] : waiting_) c.idle += conn->phase == Phase::idle ? 1 : 0;
    return c;
}

bool ConnectionServer::process_and_close_socket(socket_t sock) {
    ::fcntl(sock, F_SETFL, ::fcntl(sock, F_GETFL) | O_NONBLOCK);
    // A response goes out in two writes (headers, body): without TCP_NODELAY the second
    // waits for the client's delayed ACK, ~40 ms per request.
    int yes = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    std::lock_guard lock(mu_);
    // At the limit a new client displaces the connection that has waited longest (idle, or
    // sending its request slowly) rather than being turned away.
    if (!started_ || stopping_ ||
        (open_ >= limits_.max_connections && !evict_longest_waiting(false))) {
        ::close(sock);
        return true;
    }
    ++open_;
    auto c = std::make_unique<Conn>();
    c->fd = sock;
    wait_for_next(std::move(c), Clock::now());
    return true;
}

void ConnectionServer::wake() {
    const std::uint64_t one = 1;
    if (wake_fd_ >= 0 && ::write(wake_fd_, &one, sizeof(one)) < 0) {
        // The counter is full: the reactor has wake-ups pending anyway.
    }
}

bool ConnectionServer::read_available(Conn& c) {
    // Enough to hold any request the limits allow; beyond it the request is refused anyway.
    const std::size_t cap = limits_.max_header_bytes + limits_.max_body_bytes + k_read_chunk;
    std::array<char, k_read_chunk> chunk{};
    while (c.buffer.size() < cap) {
        const ssize_t n = ::recv(c.fd, chunk.data(), chunk.size(), MSG_DONTWAIT);
        if (n > 0) {
            c.buffer.append(chunk.data(), static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
    return true;
}

ConnectionServer::Next ConnectionServer::advance(Conn& c, Clock::time_point now) {
    if (c.phase == Phase::idle) {
        c.phase = Phase::headers;
        c.deadline = now + limits_.header_timeout;
    }
    const RequestFrame f =
        frame_request(c.buffer, limits_.max_header_bytes, limits_.max_body_bytes);
    if (f.state == RequestFrame::State::headers_too_large) return Next::too_large;
    if (f.headers_done && c.phase == Phase::headers) {
        c.phase = Phase::body;
        c.deadline = now + limits_.body_timeout;
    }
    return f.state == RequestFrame::State::complete ? Next::dispatch : Next::wait;
}

void ConnectionServer::wait_for_next(std::unique_ptr<Conn> conn, Clock::time_point now) {
    Conn& c = *conn;
    c.phase = Phase::idle;
    c.deadline = now + limits_.idle_timeout;
    c.since = now;
    if (!c.buffer.empty()) {  // the start of a pipelined request
        switch (advance(c, now)) {
            case Next::dispatch:
                return dispatch(std::move(conn));
            case Next::too_large:
                return close_conn(c, "431 Request Header Fields Too Large");
            default:
                break;
        }
    } else {
        std::size_t idle = 0;
        for (const auto& [fd, w] : waiting_) idle += w->phase == Phase::idle ? 1 : 0;
        if (idle >= limits_.max_idle) evict_longest_waiting(true);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = c.fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c.fd, &ev) != 0) return close_conn(c);
    waiting_.emplace(c.fd, std::move(conn));
}

void ConnectionServer::dispatch(std::unique_ptr<Conn> conn) {
    ready_.push_back(std::move(conn));
    ready_cv_.notify_one();
}

void ConnectionServer::forget(int fd) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    waiting_.erase(fd);
}

bool ConnectionServer::evict_longest_waiting(bool idle_only) {
    auto oldest = waiting_.end();
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it)
        if ((!idle_only || it->second->phase == Phase::idle) &&
            (oldest == waiting_.end() || it->second->since < oldest->second->since))
            oldest = it;
    if (oldest == waiting_.end()) return false;
    std::unique_ptr<Conn> c = std::move(oldest->second);
    forget(c->fd);
    close_conn(*c, c->phase == Phase::idle ? nullptr : "503 Service Unavailable");
    return true;
}

void ConnectionServer::close_conn(Conn& c, const char* status) {
    if (c.fd < 0) return;
    if (status) {
        const std::string reply = std::string("HTTP/1.1 ") + status +
                                  "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        // Best effort: a client that takes nothing more just does not hear why.
        if (::send(c.fd, reply.data(), reply.size(), MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
        }
    }
    ::shutdown(c.fd, SHUT_WR);
    ::close(c.fd);
    c.fd = -1;
    --open_;
}

void ConnectionServer::sweep(Clock::time_point now) {
    std::vector<int> expired;
    for (const auto& [fd, c] : waiting_)
        if (c->deadline <= now) expired.push_back(fd);
    for (int fd : expired) {
        std::unique_ptr<Conn> c = std::move(waiting_.at(fd));
        forget(fd);
        // An idle connection just closes; one whose request did not arrive in time is told.
        close_conn(*c, c->phase == Phase::idle ? nullptr : "408 Request Timeout");
    }
}

void ConnectionServer::reactor_loop() {
    std::array<epoll_event, 256> events{};
    Clock::time_point last_sweep = Clock::now();
    for (;;) {
        const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 100);
        if (n < 0 && errno != EINTR) return;
        std::lock_guard lock(mu_);
        if (stopping_) return;
        const Clock::time_point now = Clock::now();
        for (int i = 0; i < std::max(n, 0); ++i) {
            const int fd = events[static_cast<std::size_t>(i)].data.fd;
            if (fd == wake_fd_) {
                std::uint64_t v = 0;
                if (::read(wake_fd_, &v, sizeof(v)) < 0) {
                    // Nothing to drain: another wake-up got there first.
                }
                continue;
            }
            auto it = waiting_.find(fd);
            if (it == waiting_.end()) continue;
            Conn& c = *it->second;
            const bool open = read_available(c);
            Next next = c.buffer.empty() ? Next::wait : advance(c, now);
            if (!open && next != Next::dispatch) next = Next::close;
            if (next == Next::wait) continue;
            std::unique_ptr<Conn> taken = std::move(it->second);
            forget(fd);
            if (next == Next::dispatch)
                dispatch(std::move(taken));
            else
                close_conn(*taken, next == Next::too_large ? "431 Request Header Fields Too Large"
                                                           : nullptr);
        }
        if (now - last_sweep >= std::chrono::milliseconds(100)) {
            sweep(now);
            last_sweep = now;
        }
    }
}

void ConnectionServer::worker_loop() {
    for (;;) {
        std::unique_ptr<Conn> c;
        {
            std::unique_lock lock(mu_);
            ready_cv_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
            if (ready_.empty()) return;
            c = std::move(ready_.front());
            ready_.pop_front();
        }
        serve(std::move(c));
    }
}

void ConnectionServer::serve(std::unique_ptr<Conn> conn) {
    Conn& c = *conn;
    bool last = false;
    {
        std::lock_guard lock(mu_);
        last = stopping_ || c.served + 1 >= limits_.max_requests_per_connection;
    }
    // The request has arrived (or its body is left to httplib): what is still to be read
    // must come within the body timeout.
    BufferedSocketStream stream(c.fd, std::move(c.buffer), Clock::now() + limits_.body_timeout,
                                limits_.write_timeout);
    bool closed = false, ok = false;
    try {
        ok = process_request(stream, last, closed, nullptr);
    } catch (...) {
        ok = false;  // the dispatcher answers every error itself; this is a last resort
    }
    ++c.served;
    std::lock_guard lock(mu_);
    if (!ok || closed || last || stopping_) return close_conn(c);
    c.buffer = stream.unread();
    wait_for_next(std::move(conn), Clock::now());
}

}  // namespace heatloop::web
