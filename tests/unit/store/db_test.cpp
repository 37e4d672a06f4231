// The Db layer and the migrations, on every backend.

#include <gmock/gmock.h>

#include <limits>
#include <thread>

#include <stdlib.h>

#include "heatloop/core/error.hpp"
#include "heatloop/store/migrations.hpp"
#include "store_fixture.hpp"

namespace heatloop::store::testing {

TEST_P(StoreTest, MigrationsAreAppliedOnceAndAreIdempotent) {
    std::vector<int> all;
    for (const Migration& m : migrations_for(db().dialect())) all.push_back(m.version);
    ASSERT_GE(all.size(), 2u);
    EXPECT_EQ(all[0], 1);  // labels
    EXPECT_EQ(all[1], 2);  // run tracking
    EXPECT_EQ(applied_migrations(db()), all);
    EXPECT_TRUE(migrate(db()).empty());
    auto again = open();  // opening migrates again: nothing left to do
    EXPECT_TRUE(migrate(*again).empty());
    EXPECT_EQ(applied_migrations(*again), all);
    EXPECT_EQ(db().exec("SELECT COUNT(*) FROM schema_migrations").one().get_int(0),
              static_cast<std::int64_t>(all.size()));
    // The seeded taxonomy is there exactly once: 7 from 001, unknown_anomaly from 003.
    EXPECT_EQ(LabelService(db()).categories().size(), 8u);
}

TEST_P(StoreTest, TrackingTablesFromMigration002AcceptRows) {
    auto id = db().exec("INSERT INTO experiments (name, created_at) VALUES (?, ?) RETURNING id",
                        {"baseline", 5})
                  .one()
                  .get_int(0);
    db().exec("INSERT INTO runs (id, experiment_id, status, start_time) VALUES (?, ?, ?, ?)",
              {"r1", id, "running", 10});
    db().exec("INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)", {"r1", "lr", "0.1"});
    db().exec(
        "INSERT INTO metrics (run_id, key, value, step, timestamp, unit_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {"r1", "f1", 0.5, 3, 11, nullptr});
    db().exec("INSERT INTO artifacts (run_id, path, size, sha256) VALUES (?, ?, ?, ?)",
              {"r1", "model.json", 12, "ab"});
    EXPECT_THROW(
        db().exec("INSERT INTO experiments (name, created_at) VALUES (?, ?)", {"baseline", 6}),
        ConflictError);
    const Row& r = db().exec("SELECT mlflow_synced, end_time FROM runs WHERE id = ?", {"r1"}).one();
    EXPECT_EQ(r.get_int(0), 0);
    EXPECT_TRUE(r.is_null(1));
}

TEST_P(StoreTest, ValuesRoundTripExactly) {
    db().exec_script("CREATE TABLE kv (k TEXT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT)");
    const std::int64_t big = std::numeric_limits<std::int64_t>::max() - 7;
    const double tenth = 0.1, third = 1.0 / 3.0;
    const std::string text = "it's \"quoted\", ?, ünïcode\nline";
    db().exec("INSERT INTO kv (k, i, d, t) VALUES (?, ?, ?, ?)", {"a", big, tenth, text});
    db().exec("INSERT INTO kv (k, i, d, t) VALUES (?, ?, ?, ?)", {"b", -1, third, nullptr});
    auto rows = db().exec("SELECT k, i, d, t FROM kv WHERE k >= ? ORDER BY k", {"a"}).rows;
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].get_int(1), big);
    EXPECT_EQ(rows[0].get_double(2), tenth);
    EXPECT_EQ(rows[0].get_text(3), text);
    EXPECT_EQ(rows[1].get_double(2), third);
    EXPECT_FALSE(rows[1].opt_text(3).has_value());
    EXPECT_EQ(db().exec("UPDATE kv SET i = i + 1 WHERE k = ?", {"b"}).affected, 1);
    EXPECT_EQ(db().exec("SELECT i FROM kv WHERE k = 'b'").one().get_int(0), 0);
}

TEST_P(StoreTest, TransactionRollsBackWhenWorkThrows) {
    db().exec_script("CREATE TABLE t (x BIGINT)");
    EXPECT_THROW(db().transaction([&] {
        db().exec("INSERT INTO t (x) VALUES (?)", {1});
        db().transaction([&] { db().exec("INSERT INTO t (x) VALUES (?)", {2}); });  // joins
        throw InvalidInputError("stop");
    }),
                 InvalidInputError);
    EXPECT_FALSE(db().in_transaction());
    EXPECT_EQ(db().exec("SELECT COUNT(*) FROM t").one().get_int(0), 0);
    int n = db().transaction([&] {
        db().exec("INSERT INTO t (x) VALUES (?)", {3});
        return 7;
    });
    EXPECT_EQ(n, 7);
    EXPECT_EQ(db().exec("SELECT COUNT(*) FROM t").one().get_int(0), 1);
}

TEST_P(StoreTest, InsertManySplitsIntoStatements) {
    db().exec_script("CREATE TABLE t (a BIGINT, b TEXT)");
    std::vector<Value> v;
    for (int i = 0; i < 250; ++i) {
        v.emplace_back(i);
        v.emplace_back(std::to_string(i * 2));
    }
    db().transaction([&] { insert_many(db(), "INSERT INTO t (a, b)", 2, v, 100); });
    const Row& r = db().exec("SELECT COUNT(*), SUM(a), MAX(b) FROM t").one();
    EXPECT_EQ(r.get_int(0), 250);
    EXPECT_EQ(r.get_int(1), 249 * 250 / 2);
    EXPECT_THROW(insert_many(db(), "INSERT INTO t (a, b)", 2, std::span(v).first(3)),
                 InternalError);
}

TEST_P(StoreTest, HistoryTablesRefuseUpdatesAndDeletes) {
    add_units(1);
    auto svc = service();
    svc.add(draft("u1", 0), {"ann", ""});
    EXPECT_ANY_THROW(db().exec("UPDATE label_history SET who = 'mallory'"));
    EXPECT_ANY_THROW(db().exec("DELETE FROM label_history"));
    EXPECT_ANY_THROW(db().exec("DELETE FROM label_revisions"));
    EXPECT_EQ(svc.history(1).at(0).who, "ann");
}

TEST(SqliteDb, BusyTransactionIsRetriedUntilTheLockIsFree) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "heatloop-busy-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    const std::filesystem::path dir = tmpl;
    RetryPolicy quick;
    quick.busy_timeout = std::chrono::milliseconds(20);
    auto a = open_workspace_db(dir, "", quick);
    auto b = open_workspace_db(dir, "", quick);
    a->exec_script("CREATE TABLE t (x BIGINT)");
    std::atomic<bool> locked{false};
    std::thread holder([&] {
        b->transaction([&] {
            b->exec("INSERT INTO t (x) VALUES (1)");
            locked = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        });
    });
    while (!locked) std::this_thread::yield();
    a->transaction([&] { a->exec("INSERT INTO t (x) VALUES (2)"); });  // waits, retries, wins
    holder.join();
    EXPECT_EQ(a->exec("SELECT COUNT(*) FROM t").one().get_int(0), 2);
    RetryPolicy impatient = quick;
    impatient.max_attempts = 2;
    a->set_retry_policy(impatient);
    locked = false;
    std::thread holder2([&] {
        b->transaction([&] {
            b->exec("INSERT INTO t (x) VALUES (3)");
            locked = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        });
    });
    while (!locked) std::this_thread::yield();
    EXPECT_THROW(a->transaction([&] { a->exec("INSERT INTO t (x) VALUES (4)"); }), IoError);
    holder2.join();
    std::filesystem::remove_all(dir);
}

TEST(OpenWorkspaceDb, RejectsAnUnknownUrlAndReportsAnUnreachableServer) {
    EXPECT_THROW(open_workspace_db("ws", "mysql://x"), InvalidInputError);
    try {
        open_workspace_db("", "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2");
        FAIL() << "connected to port 1";
    } catch (const IoError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("127.0.0.1:1"));
        EXPECT_THAT(e.what(), ::testing::Not(::testing::HasSubstr("secret")));
    }
}

}  // namespace heatloop::store::testing
