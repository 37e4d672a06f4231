// Run notes (RunStore::note, set_note, note_history) on SQLite and PostgreSQL: versions,
// optimistic concurrency, input checks, and the history that keeps every text.
#include <gtest/gtest.h>

#include <string>

#include "heatloop/core/error.hpp"
#include "heatloop/tracking/run_store.hpp"
#include "tracking/repositories/run_rows.hpp"
#include "unit/tracking/tracking_fixture.hpp"

using namespace heatloop;
using namespace heatloop::tracking;
using heatloop::tracking::fake::TrackingTest;

class RunNotesTest : public TrackingTest {};
HEATLOOP_TRACKING_BACKENDS(RunNotesTest);

namespace {

std::string new_run(RunStore& store) {
    RunSpec s;
    s.detect_git_commit = false;
    return store.create_run(s).id;
}

}  // namespace

TEST_P(RunNotesTest, EveryVersionIsKeptWithItsAuthorAndTime) {
    Timestamp now = 1'700'000'000'000;
    RunStore store(db(), [&] { return now; });
    const std::string run = new_run(store);
    RunNote none = store.note(run);
    EXPECT_EQ(none.version, 0);
    EXPECT_EQ(none.text, "");
    EXPECT_TRUE(store.note_history(run).empty());

    RunNote v1 = store.set_note(run, 0, "baseline: *threshold 3*\nlooks noisy", "alice");
    EXPECT_EQ(v1.version, 1);
    EXPECT_EQ(v1.author, "alice");
    EXPECT_EQ(v1.written_at, now);
    now += 60'000;
    RunNote v2 = store.set_note(run, 1, "baseline: threshold 3 — fine after relabelling", "bob");
    EXPECT_EQ(v2.version, 2);

    RunNote got = store.note(run);
    EXPECT_EQ(got.version, 2);
    EXPECT_EQ(got.text, "baseline: threshold 3 — fine after relabelling");
    EXPECT_EQ(got.author, "bob");
    EXPECT_EQ(got.written_at, now);
    auto history = store.note_history(run);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].text, "baseline: *threshold 3*\nlooks noisy");
    EXPECT_EQ(history[0].author, "alice");
    EXPECT_EQ(history[1].version, 2);

    // Clearing the note is a version too; the text before it stays in the history.
    EXPECT_EQ(store.set_note(run, 2, "", "alice").version, 3);
    EXPECT_EQ(store.note(run).text, "");
    EXPECT_EQ(store.note_history(run).size(), 3u);
}

TEST_P(RunNotesTest, StaleVersionConflictsAndChangesNothing) {
    RunStore store(db());
    const std::string run = new_run(store);
    store.set_note(run, 0, "first", "alice");
    // A second connection (another process) edited version 0 too.
    auto other_db = open();
    RunStore other(*other_db);
    try {
        other.set_note(run, 0, "mine", "bob");
        FAIL() << "expected a ConflictError";
    } catch (const ConflictError& e) {
        EXPECT_NE(std::string(e.what()).find("you edited version 0, it is at version 1"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(store.set_note(run, 2, "ahead", "alice"), ConflictError);
    EXPECT_EQ(store.note(run).text, "first");
    EXPECT_EQ(store.note_history(run).size(), 1u);

    // Two writers that both read version 1: the primary key lets one of them write version 2.
    repo::insert_note(db(), {run, 2, "from a", "a", 1});
    EXPECT_THROW(repo::insert_note(*other_db, {run, 2, "from b", "b", 2}), ConflictError);
    EXPECT_EQ(other.note(run).text, "from a");
}

TEST_P(RunNotesTest, SavingTheSameTextAgainAddsNoVersion) {
    RunStore store(db());
    const std::string run = new_run(store);
    EXPECT_EQ(store.set_note(run, 0, "", "alice").version, 0);  // no note, nothing to clear
    store.set_note(run, 0, "same", "alice");
    EXPECT_EQ(store.set_note(run, 1, "same", "bob").version, 1);
    EXPECT_EQ(store.note(run).author, "alice");
    EXPECT_EQ(store.note_history(run).size(), 1u);
}

TEST_P(RunNotesTest, BadInputIsRefusedBeforeAnythingIsStored) {
    RunStore store(db());
    const std::string run = new_run(store);
    const std::string limit(RunStore::k_max_note_bytes, 'x');
    EXPECT_THROW(store.set_note(run, 0, limit + "x", "alice"), InvalidInputError);
    EXPECT_THROW(store.set_note(run, 0, "caf\xc3", "alice"), InvalidInputError);
    EXPECT_THROW(store.set_note(run, 0, "bad \xff byte", "alice"), InvalidInputError);
    EXPECT_THROW(store.set_note(run, 0, std::string("nul\0here", 8), "alice"), InvalidInputError);
    EXPECT_THROW(store.set_note(run, 0, "ok", ""), InvalidInputError);
    EXPECT_THROW(store.set_note(run, 0, "ok", "\xfe"), InvalidInputError);
    EXPECT_THROW(store.set_note(run, -1, "ok", "alice"), InvalidInputError);
    EXPECT_THROW(store.set_note(std::string(32, '0'), 0, "ok", "alice"), NotFoundError);
    EXPECT_THROW(store.note(std::string(32, '0')), NotFoundError);
    EXPECT_TRUE(store.note_history(run).empty());
    try {
        store.set_note(run, 0, "bad \xff byte", "alice");
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("byte 4"), std::string::npos) << e.what();
    }
    // Exactly the limit is fine.
    EXPECT_EQ(store.set_note(run, 0, limit, "alice").text.size(), RunStore::k_max_note_bytes);
}

TEST_P(RunNotesTest, HistoryRowsCannotBeChanged) {
    RunStore store(db());
    const std::string run = new_run(store);
    store.set_note(run, 0, "kept", "alice");
    EXPECT_ANY_THROW(db().exec("UPDATE run_notes SET text = 'lost' WHERE run_id = ?", {run}));
    EXPECT_EQ(store.note(run).text, "kept");
}
