// Several processes writing one store at once, and a process killed in the middle of its
// writes, on every backend. Children are forked and open their own connections.

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "heatloop/core/error.hpp"
#include "store_fixture.hpp"

namespace heatloop::store::testing {

namespace {

// What a child reports through its pipe: one record per acknowledged write.
struct Ack {
    std::int64_t label_id;
    std::int64_t version;
};

// Forks a child running `body(write_fd)`; the child exits 0 on success, 1 on an exception.
template <class F>
pid_t spawn(int out_fd_read, int out_fd_write, F&& body) {
    pid_t pid = fork();
    if (pid == 0) {
        close(out_fd_read);
        int code = 0;
        try {
            body(out_fd_write);
        } catch (const std::exception& e) {
            fprintf(stderr, "child %d: %s\n", getpid(), e.what());
            code = 1;
        }
        _exit(code);
    }
    return pid;
}

void write_ack(int fd, Ack a) {
    // 16 bytes are below PIPE_BUF, so each record arrives whole.
    if (write(fd, &a, sizeof a) != static_cast<ssize_t>(sizeof a)) _exit(3);
}

std::vector<Ack> read_acks(int fd) {
    std::vector<Ack> out;
    Ack a{};
    while (read(fd, &a, sizeof a) == static_cast<ssize_t>(sizeof a)) out.push_back(a);
    return out;
}

int wait_exit(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_P(StoreTest, ConcurrentEditsFromOneVersionHaveExactlyOneWinner) {
    add_units(1);
    auto svc = service();
    constexpr int k_labels = 6, k_children = 4;
    for (int i = 0; i < k_labels; ++i) svc.add(draft("u1", i), {"setup", ""});
    int go[2], acks[2];
    ASSERT_EQ(pipe(go), 0);
    ASSERT_EQ(pipe(acks), 0);
    std::vector<pid_t> kids;
    for (int c = 0; c < k_children; ++c)
        kids.push_back(spawn(acks[0], acks[1], [&, c](int out) {
            close(go[1]);
            auto db = open();
            LabelService mine(*db);
            char x;
            if (read(go[0], &x, 1) != 0) _exit(4);  // released when the parent closes `go`
            for (int id = 1; id <= k_labels; ++id) {
                try {
                    Label l = mine.edit(id, 1, LabelPatch{.notes = fmt::format("child {}", c)},
                                        {fmt::format("child{}", c), ""});
                    write_ack(out, {l.id, c});
                } catch (const ConflictError&) {  // lost the race: expected
                }
            }
        }));
    close(go[0]);
    close(acks[1]);
    close(go[1]);  // all children start editing now
    std::vector<Ack> wins = read_acks(acks[0]);
    close(acks[0]);
    for (pid_t k : kids) EXPECT_EQ(wait_exit(k), 0);
    std::map<std::int64_t, std::vector<std::int64_t>> winners;
    for (Ack a : wins) winners[a.label_id].push_back(a.version);
    for (int id = 1; id <= k_labels; ++id) {
        ASSERT_EQ(winners[id].size(), 1u) << "label " << id;
        Label l = svc.get(id);
        EXPECT_EQ(l.version, 2);
        EXPECT_EQ(l.notes, fmt::format("child {}", winners[id][0]));
        auto h = svc.history(id);
        ASSERT_EQ(h.size(), 2u) << "label " << id;
        EXPECT_EQ(h[1].who, fmt::format("child{}", winners[id][0]));
    }
    EXPECT_EQ(svc.current_revision(), k_labels * 2);
    EXPECT_TRUE(svc.check_integrity().empty());
}

TEST_P(StoreTest, ConcurrentEditLoopsLoseNoUpdate) {
    add_units(1);
    auto svc = service();
    constexpr int k_labels = 3, k_children = 4, k_rounds = 15;
    for (int i = 0; i < k_labels; ++i) svc.add(draft("u1", i), {"setup", ""});
    int acks[2];
    ASSERT_EQ(pipe(acks), 0);
    std::vector<pid_t> kids;
    for (int c = 0; c < k_children; ++c)
        kids.push_back(spawn(acks[0], acks[1], [&, c](int out) {
            auto db = open();
            LabelService mine(*db);
            for (int r = 0; r < k_rounds; ++r)
                for (int id = 1; id <= k_labels; ++id) {
                    Label cur = mine.get(id);  // read, then edit based on what was read
                    try {
                        Label l = mine.edit(id, cur.version,
                                            LabelPatch{.notes = fmt::format("c{} r{}", c, r)},
                                            {fmt::format("child{}", c), ""});
                        write_ack(out, {l.id, l.version});
                    } catch (const ConflictError&) {
                    }
                }
        }));
    close(acks[1]);
    std::vector<Ack> wins = read_acks(acks[0]);
    close(acks[0]);
    for (pid_t k : kids) EXPECT_EQ(wait_exit(k), 0);
    std::map<std::int64_t, std::set<std::int64_t>> versions;
    for (Ack a : wins)
        EXPECT_TRUE(versions[a.label_id].insert(a.version).second)
            << "two edits of label " << a.label_id << " both produced version " << a.version;
    for (int id = 1; id <= k_labels; ++id) {
        Label l = svc.get(id);
        auto h = svc.history(id);
        // Every acknowledged edit is one history entry, and nothing else changed the label.
        EXPECT_EQ(static_cast<std::size_t>(l.version), 1 + versions[id].size());
        ASSERT_EQ(h.size(), static_cast<std::size_t>(l.version));
        for (std::size_t i = 1; i < h.size(); ++i) EXPECT_EQ(h[i].before, h[i - 1].after);
    }
    EXPECT_TRUE(svc.check_integrity().empty());
}

TEST_P(StoreTest, ProcessKilledMidWriteLeavesAConsistentStoreWithEveryAckedWrite) {
    add_units(2);
    auto svc = service();
    svc.add(draft("u1", 0), {"setup", ""});
    std::vector<Ack> acked;
    for (int kill_round = 0; kill_round < 3; ++kill_round) {
        int acks[2];
        ASSERT_EQ(pipe(acks), 0);
        pid_t kid = spawn(acks[0], acks[1], [&](int out) {
            auto db = open();
            LabelService mine(*db);
            for (int n = 0;; ++n) {
                if (n % 3 == 0) {  // alternate creating labels and editing label 1
                    Label l = mine.add(draft(n % 2 ? "u1" : "u2", 1000 * kill_round + n + 10),
                                       {"writer", ""});
                    write_ack(out, {l.id, l.version});
                } else {
                    Label cur = mine.get(1);
                    Label l = mine.edit(1, cur.version, LabelPatch{.notes = std::to_string(n)},
                                        {"writer", ""});
                    write_ack(out, {l.id, l.version});
                }
            }
        });
        close(acks[1]);
        // Let it write for a while, then kill it without warning, wherever it is.
        std::vector<Ack> got;
        Ack a{};
        const std::size_t target = 20 + 15 * static_cast<std::size_t>(kill_round);
        while (got.size() < target && read(acks[0], &a, sizeof a) == sizeof a) got.push_back(a);
        std::this_thread::sleep_for(std::chrono::milliseconds(3 * kill_round));
        kill(kid, SIGKILL);
        EXPECT_EQ(wait_exit(kid), 128 + SIGKILL);
        for (Ack b : read_acks(acks[0])) got.push_back(b);  // acks written before the kill
        close(acks[0]);
        ASSERT_GE(got.size(), target);
        acked.insert(acked.end(), got.begin(), got.end());
        // A new connection opens the store, finds it consistent and every acked write in it.
        auto db = open();
        LabelService after(*db);
        EXPECT_THAT(after.check_integrity(), ::testing::IsEmpty()) << "after kill " << kill_round;
        for (Ack b : acked) {
            Label l = after.get(b.label_id);
            EXPECT_GE(l.version, b.version) << "label " << b.label_id;
            auto h = after.history(b.label_id);
            ASSERT_GE(h.size(), static_cast<std::size_t>(b.version));
            EXPECT_EQ(h[static_cast<std::size_t>(b.version - 1)].version, b.version);
        }
    }
}

}  // namespace heatloop::store::testing
