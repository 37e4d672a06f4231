#pragma once
// cpp-httplib's server with connections handled by heatloop: httplib parses requests and
// writes responses, but a connection only occupies a worker thread while a complete request
// is being answered. One reactor thread (epoll) holds every connection that waits: idle
// keep-alive ones, and ones whose request is still arriving. That is what keeps slow or
// idle clients from starving the others (issue 10): cpp-httplib 0.11 gives every connection
// a pool thread for its whole life, re-arms its read timeout on every byte, and lets a
// header arrive one line per few seconds forever.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "heatloop/web/server.hpp"

namespace heatloop::web {

class ConnectionServer : public httplib::Server {
public:
    // `workers` threads answer complete requests.
    ConnectionServer(ConnectionLimits limits, unsigned workers);
    ~ConnectionServer() override;
    ConnectionServer(const ConnectionServer&) = delete;
    ConnectionServer& operator=(const ConnectionServer&) = delete;

    // Lets up to `backlog` connections wait for accept() (httplib's build listens with 5).
    void set_listen_backlog(int backlog);
    // Starts the reactor and the workers (before listen_after_bind()).
    void start();
    // After stop(): closes every connection and joins the threads. Idempotent.
    void close_connections();

    // Connections now open, and how many of them are idle keep-alive connections.
    struct Counts {
        std::size_t open = 0;
        std::size_t idle = 0;
    };
    Counts counts() const;

private:
    using Clock = std::chrono::steady_clock;
    enum class Phase { idle, headers, body };
    struct Conn {
        int fd = -1;
        std::string buffer;  // received, not yet handled
        Phase phase = Phase::idle;
        Clock::time_point deadline;  // of the current phase
        Clock::time_point since;     // when it started waiting (for eviction)
        std::size_t served = 0;
    };
    enum class Next { wait, dispatch, close, too_large };

    // httplib calls this with each accepted socket (on the listening thread).
    bool process_and_close_socket(socket_t sock) override;

    void reactor_loop();
    void worker_loop();
    void serve(std::unique_ptr<Conn> conn);
    // Reads what the socket has; false on end of stream or error.
    bool read_available(Conn& c);
    // Advances a waiting connection's phase after new bytes (lock held).
    Next advance(Conn& c, Clock::time_point now);
    // Takes a connection back after a request: idle until its next one (lock held).
    void wait_for_next(std::unique_ptr<Conn> conn, Clock::time_point now);
    void dispatch(std::unique_ptr<Conn> conn);                    // lock held
    void sweep(Clock::time_point now);                            // lock held: deadlines
    bool evict_longest_waiting(bool idle_only);                   // lock held
    void close_conn(Conn& c, const char* status_line = nullptr);  // lock held or not
    void forget(int fd);                                          // lock held
    void wake();

    ConnectionLimits limits_;
    unsigned worker_count_;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;

    std::mutex close_mu_;  // held by close_connections()
    mutable std::mutex mu_;
    std::condition_variable ready_cv_;
    std::unordered_map<int, std::unique_ptr<Conn>> waiting_;
    std::deque<std::unique_ptr<Conn>> ready_;
    std::size_t open_ = 0;
    std::size_t idle_ = 0;
    bool started_ = false;
    bool stopping_ = false;

    std::thread reactor_;
    std::vector<std::thread> workers_;
};

}  // namespace heatloop::web
