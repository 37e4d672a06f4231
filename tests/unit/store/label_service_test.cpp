// The label service on every backend: import/export, validation, revisions, history,
// lifecycle and optimistic concurrency.

#include <gmock/gmock.h>

#include <sstream>

#include "heatloop/core/error.hpp"
#include "store_fixture.hpp"

namespace heatloop::store::testing {

using ::testing::HasSubstr;

namespace {

const Actor k_ann{"ann", "review"};

// Labels in the canonical text export writes, so export must reproduce it byte for byte.
const char* k_csv =
    "unit_id,start,end,category,confidence,status,reviewer,notes\n"
    "u1,2024-01-01T00:00:00Z,2024-01-01T06:00:00Z,compressor_failure,0.90,confirmed,ann,\n"
    "u1,2024-01-02T00:00:00Z,2024-01-02T00:30:00.250Z,sensor_fault,0.50,proposed,,\"stuck, then "
    "drifting\"\n"
    "u2,2024-01-03T00:00:00Z,2024-01-04T00:00:00Z,refrigerant_leak,1.00,rejected,bo,\"said "
    "\"\"no\"\"\"\n"
    "u2,2024-01-03T00:00:00Z,2024-01-04T00:00:00Z,refrigerant_leak,0.25,proposed,,\n";

std::string export_csv(LabelService& svc, const LabelQuery& q = {}) {
    std::ostringstream out;
    auto labels = svc.list(q);
    write_labels(out, labels, LabelFileFormat::csv);
    return out.str();
}

}  // namespace

TEST_P(StoreTest, ImportThenExportGivesTheSameLabelsBack) {
    add_units(2);
    auto svc = service();
    auto res =
        svc.import_labels(parse_label_text(k_csv, LabelFileFormat::csv, "labels.csv"), k_ann);
    EXPECT_EQ(res.revision, 1);
    EXPECT_EQ(res.imported, 4u);
    EXPECT_EQ(export_csv(svc), k_csv);
    auto labels = svc.list();
    ASSERT_EQ(labels.size(), 4u);
    EXPECT_EQ(labels[1].end, k_t0 + k_day_ms + 30 * k_minute_ms + 250);
    EXPECT_EQ(labels[1].notes, "stuck, then drifting");
    EXPECT_EQ(labels[0].source, "import");
    EXPECT_EQ(labels[0].version, 1);
    // JSON carries everything; a JSON export imported elsewhere gives the same drafts.
    std::ostringstream json;
    write_labels(json, labels, LabelFileFormat::json);
    auto again = parse_label_text(json.str(), LabelFileFormat::json, "labels.json");
    ASSERT_TRUE(again.problems.empty()) << again.problems[0].str();
    ASSERT_EQ(again.rows.size(), 4u);
    EXPECT_EQ(again.rows[2].draft.notes, "said \"no\"");
    EXPECT_EQ(again.rows[2].draft.status, LabelStatus::rejected);
    EXPECT_EQ(again.rows[3].draft.confidence, 0.25);
    EXPECT_TRUE(svc.check_integrity().empty());
}

TEST_P(StoreTest, BadFileChangesNothingAndNamesEveryBadLine) {
    add_units(2);
    auto svc = service();
    svc.add(draft("u1", 100), k_ann);  // revision 1, the state the failed import must keep
    std::string text =
        "unit_id,start,end,category,confidence,status,reviewer,notes\n"
        "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,0.5,proposed,,\n"   // 2 ok
        "u9,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,0.5,proposed,,\n"   // 3
        "u1,2024-01-01T05:00:00Z,2024-01-01T05:00:00Z,sensor_fault,0.5,proposed,,\n"   // 4
        "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,1.5,proposed,,\n"   // 5
        "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,0.5,maybe,,\n"      // 6
        "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,gremlins,0.5,proposed,,\n"       // 7
        "u1,yesterday,2024-01-01T01:00:00Z,sensor_fault,0.5,proposed,,\n"              // 8
        "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,0.5,proposed,,\n"   // 9 dup of 2
        "u1,2024-01-05T04:00:00Z,2024-01-05T05:00:00Z,sensor_fault,0.75,proposed,,\n"  // 10 dup
        "u2,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,0.5,proposed,,\n";  // 11 ok
    try {
        svc.import_labels(parse_label_text(text, LabelFileFormat::csv, "bad.csv"), k_ann);
        FAIL() << "a bad file was imported";
    } catch (const InvalidInputError& e) {
        std::string m = e.what();
        EXPECT_THAT(m, HasSubstr("bad.csv: 8 problems, nothing imported"));
        EXPECT_THAT(m, HasSubstr("bad.csv:3: unknown unit 'u9'"));
        EXPECT_THAT(m, HasSubstr("bad.csv:4: end 2024-01-01T05:00:00Z is not after start"));
        EXPECT_THAT(m, HasSubstr("bad.csv:5: confidence 1.5 is outside 0..1"));
        EXPECT_THAT(m, HasSubstr("bad.csv:6: unknown status 'maybe'"));
        EXPECT_THAT(m, HasSubstr("bad.csv:7: unknown category 'gremlins'"));
        EXPECT_THAT(m, HasSubstr("bad.csv:8: start 'yesterday' is not a time"));
        EXPECT_THAT(m, HasSubstr("bad.csv:9: exact duplicate of line 2"));
        EXPECT_THAT(m, HasSubstr("bad.csv:10: exact duplicate of existing label 1"));
        EXPECT_THAT(m, ::testing::Not(HasSubstr("bad.csv:2:")));
        EXPECT_THAT(m, ::testing::Not(HasSubstr("bad.csv:11:")));
    }
    EXPECT_EQ(svc.current_revision(), 1);
    EXPECT_EQ(svc.list().size(), 1u);
    EXPECT_TRUE(svc.check_integrity().empty());
}

TEST_P(StoreTest, ReadsAtEveryPastRevisionAndTimeReproduceWhatWasThere) {
    add_units(2);
    auto svc = service();
    std::vector<std::vector<Label>> at{svc.list()};  // at[r] = labels at revision r
    std::vector<Timestamp> when{0};
    auto snap = [&](const Label& changed) {
        at.push_back(svc.list());
        when.push_back(changed.updated_at);
    };
    svc.import_labels(parse_label_text(k_csv, LabelFileFormat::csv, "l.csv"), k_ann);
    snap(svc.get(1));
    snap(svc.confirm(2, 1, k_ann));
    snap(svc.edit(3, 1, LabelPatch{.confidence = 0.6, .notes = "checked on site"}, k_ann));
    snap(svc.add(draft("u2", 7), k_ann));
    snap(svc.reject(2, 2, {"bo", "field visit found nothing"}));
    snap(svc.split(1, 1, k_t0 + 3 * k_hour_ms, k_ann).first);
    ASSERT_EQ(svc.current_revision(), 6);
    for (std::int64_t r = 0; r <= 6; ++r) {
        EXPECT_EQ(svc.list({.revision = r}), at[static_cast<std::size_t>(r)]) << "revision " << r;
        auto t = when[static_cast<std::size_t>(r)];
        if (r > 0) {
            EXPECT_EQ(svc.revision_at(t), r);
            EXPECT_EQ(svc.list({.as_of = t}), at[static_cast<std::size_t>(r)]) << "as of " << t;
            EXPECT_EQ(svc.list({.as_of = t + 999}), at[static_cast<std::size_t>(r)]);
        }
    }
    EXPECT_TRUE(svc.list({.as_of = k_t0}).empty());
    EXPECT_THROW(svc.list({.revision = 7}), NotFoundError);
    // Filters apply to past states too.
    auto u2 = svc.list({.revision = 4, .unit_id = "u2", .status = LabelStatus::proposed});
    ASSERT_EQ(u2.size(), 2u);
    EXPECT_EQ(u2[0].id, 4);
    EXPECT_EQ(u2[1].id, 5);
    // The exported text at the import's revision is the imported file, after all the edits.
    EXPECT_EQ(export_csv(svc, {.revision = 1}), k_csv);
    EXPECT_NE(export_csv(svc), k_csv);
}

TEST_P(StoreTest, HistoryIsCompleteAndChained) {
    add_units(1);
    auto svc = service();
    Label a = svc.add(draft("u1", 0), {"ann", "seen in data"});
    Label b = svc.edit(a.id, 1, LabelPatch{.end = a.end + k_hour_ms}, {"bo", "longer"});
    Label c = svc.confirm(b.id, 2, {"cy", ""});
    auto h = svc.history(a.id);
    ASSERT_EQ(h.size(), 3u);
    EXPECT_EQ(h[0].action, "create");
    EXPECT_EQ(h[1].action, "edit");
    EXPECT_EQ(h[2].action, "confirm");
    EXPECT_FALSE(h[0].before.has_value());
    EXPECT_EQ(h[0].after, a);
    EXPECT_EQ(h[1].before, a);
    EXPECT_EQ(h[1].after, b);
    EXPECT_EQ(h[2].before, b);
    EXPECT_EQ(h[2].after, c);
    EXPECT_EQ(h[2].after, svc.get(a.id));
    EXPECT_EQ(h[1].who, "bo");
    EXPECT_EQ(h[1].why, "longer");
    EXPECT_EQ(c.reviewer, "cy");
    EXPECT_EQ(c.status, LabelStatus::confirmed);
    for (std::size_t i = 0; i < h.size(); ++i) {
        EXPECT_EQ(h[i].version, static_cast<std::int64_t>(i) + 1);
        EXPECT_EQ(h[i].revision, static_cast<std::int64_t>(i) + 1);
        EXPECT_EQ(h[i].at, h[i].after.updated_at);
    }
    EXPECT_THROW(svc.history(99), NotFoundError);
}

TEST_P(StoreTest, StaleEditIsRefusedNamingTheLabelAndBothVersions) {
    add_units(1);
    auto svc = service();
    Label a = svc.add(draft("u1", 0), k_ann);
    svc.edit(a.id, 1, LabelPatch{.notes = "first"}, k_ann);
    const auto revision = svc.current_revision();
    try {
        svc.edit(a.id, 1, LabelPatch{.notes = "second"}, {"bo", ""});
        FAIL() << "stale edit accepted";
    } catch (const ConflictError& e) {
        EXPECT_STREQ(e.what(), "label 1: edit based on version 1 but current is 2");
    }
    EXPECT_THROW(svc.confirm(a.id, 1, k_ann), ConflictError);
    EXPECT_THROW(svc.reject(a.id, 3, k_ann), ConflictError);
    EXPECT_THROW(svc.split(a.id, 1, a.start + 1, k_ann), ConflictError);
    EXPECT_EQ(svc.get(a.id).notes, "first");
    EXPECT_EQ(svc.history(a.id).size(), 2u);
    EXPECT_EQ(svc.current_revision(), revision);
    EXPECT_THROW(svc.edit(42, 1, LabelPatch{.notes = "x"}, k_ann), NotFoundError);
    EXPECT_THROW(svc.edit(a.id, 2, LabelPatch{}, k_ann), InvalidInputError);
}

TEST_P(StoreTest, LifecycleAndSplit) {
    add_units(1);
    auto svc = service();
    Label a = svc.add(draft("u1", 0), k_ann);
    EXPECT_EQ(a.status, LabelStatus::proposed);
    a = svc.reject(a.id, a.version, k_ann);
    a = svc.confirm(a.id, a.version, k_ann);  // a reviewer may change their mind
    EXPECT_THROW(svc.confirm(a.id, a.version, k_ann), InvalidInputError);
    const Timestamp mid = a.start + 20 * k_minute_ms;
    EXPECT_THROW(svc.split(a.id, a.version, a.end, k_ann), InvalidInputError);
    auto [first, second] = svc.split(a.id, a.version, mid, k_ann);
    Label old = svc.get(a.id);
    EXPECT_EQ(old.status, LabelStatus::superseded);
    EXPECT_EQ(old.version, a.version + 1);
    EXPECT_EQ(first.start, a.start);
    EXPECT_EQ(first.end, mid);
    EXPECT_EQ(second.start, mid);
    EXPECT_EQ(second.end, a.end);
    EXPECT_EQ(first.status, LabelStatus::confirmed);
    EXPECT_EQ(first.revision, old.revision);  // one change, one revision
    EXPECT_EQ(second.revision, old.revision);
    EXPECT_THAT(svc.history(second.id).at(0).why, HasSubstr("split from label 1"));
    EXPECT_THROW(svc.edit(a.id, old.version, LabelPatch{.notes = "x"}, k_ann), InvalidInputError);
    EXPECT_EQ(svc.list({.status = LabelStatus::superseded}).size(), 1u);
    EXPECT_TRUE(svc.check_integrity().empty());
}

TEST_P(StoreTest, AddValidatesAgainstUnitsAndTaxonomy) {
    add_units(1);
    auto svc = service();
    EXPECT_THROW(svc.add(draft("nope", 0), k_ann), NotFoundError);
    EXPECT_THROW(svc.add(draft("u1", 0, "gremlins"), k_ann), InvalidInputError);
    LabelDraft bad = draft("u1", 0);
    bad.end = bad.start;
    EXPECT_THROW(svc.add(bad, k_ann), InvalidInputError);
    bad = draft("u1", 0);
    bad.confidence = 1.2;
    EXPECT_THROW(svc.add(bad, k_ann), InvalidInputError);
    bad.confidence = 0.2;
    bad.source = "rumour";
    EXPECT_THROW(svc.add(bad, k_ann), InvalidInputError);
    bad.source = "run:20240101-abc";
    EXPECT_EQ(svc.add(bad, k_ann).source, "run:20240101-abc");
    EXPECT_THROW(svc.add(draft("u1", 0), {"", ""}), InvalidInputError);
    EXPECT_EQ(svc.current_revision(), 1);
}

TEST_P(StoreTest, CategoriesAreExtensible) {
    add_units(1);
    auto svc = service();
    EXPECT_THROW(svc.add(draft("u1", 0, "defrost_failure"), k_ann), InvalidInputError);
    svc.add_category("defrost_failure", "defrost never ends");
    EXPECT_THROW(svc.add_category("defrost_failure"), ConflictError);
    EXPECT_THROW(svc.add_category("Bad Name"), InvalidInputError);
    auto cats = svc.categories();
    ASSERT_EQ(cats.size(), 9u);  // the 8 seeded ones and defrost_failure
    EXPECT_THAT(cats, ::testing::Contains(Category{"defrost_failure", "defrost never ends"}));
    EXPECT_TRUE(std::is_sorted(cats.begin(), cats.end(),
                               [](const auto& a, const auto& b) { return a.name < b.name; }));
    EXPECT_EQ(svc.add(draft("u1", 0, "defrost_failure"), k_ann).category, "defrost_failure");
}

TEST_P(StoreTest, UnitsAreUpserted) {
    auto svc = service();
    std::vector<UnitInfo> units{{"u1", "ASHP", "bern", {{"installed", "2019"}}},
                                {"u2", "", "", {}}};
    EXPECT_EQ(svc.sync_units(units), 2u);
    units[0].type = "GSHP";
    svc.sync_units(std::span(units).first(1));
    auto got = svc.units();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], units[0]);
    EXPECT_EQ(got[1].unit_id, "u2");
}

TEST_P(StoreTest, DeleteKeepsHistoryAndPastStatesAndNeverReusesTheId) {
    add_units(1);
    auto svc = service();
    Label a = svc.add(draft("u1", 0), k_ann);
    Label b = svc.add(draft("u1", 2), k_ann);
    const auto before_delete = svc.current_revision();
    EXPECT_THROW(svc.remove(b.id, b.version + 1, k_ann), ConflictError);
    EXPECT_THROW(svc.remove(99, 1, k_ann), NotFoundError);
    svc.remove(b.id, b.version, k_ann);
    EXPECT_THROW(svc.get(b.id), NotFoundError);
    EXPECT_EQ(svc.list().size(), 1u);
    EXPECT_EQ(svc.list(LabelQuery{.revision = before_delete}).size(), 2u);
    const auto h = svc.history(b.id);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h.back().action, "delete");
    EXPECT_EQ(h.back().version, 2);
    EXPECT_TRUE(svc.check_integrity().empty());
    Label c = svc.add(draft("u1", 4), k_ann);
    EXPECT_GT(c.id, b.id);
    EXPECT_NE(c.id, a.id);
    EXPECT_TRUE(svc.check_integrity().empty());
}

// Undo of a delete (web app, issue 16 defect 6): the same label comes back, not a copy.
TEST_P(StoreTest, RestoreBringsBackTheSameLabelAndContinuesItsHistory) {
    add_units(1);
    auto svc = service();
    Label a = svc.add(draft("u1", 0), k_ann);
    a = svc.confirm(a.id, a.version, Actor{"bo", "looked at it"});
    const Label other = svc.add(draft("u1", 3), k_ann);
    EXPECT_THROW(svc.restore(a.id, k_ann), InvalidInputError);  // not deleted
    EXPECT_THROW(svc.restore(99, k_ann), NotFoundError);
    svc.remove(a.id, a.version, Actor{"root", "admin"});
    const auto deleted_at = svc.current_revision();
    const Label back = svc.restore(a.id, Actor{"root", "undo"});
    EXPECT_EQ(back.id, a.id);
    EXPECT_EQ(back.status, LabelStatus::confirmed);
    EXPECT_EQ(back.source, a.source);
    EXPECT_EQ(back.reviewer, "bo");
    EXPECT_EQ(back.start, a.start);
    EXPECT_EQ(back.end, a.end);
    EXPECT_EQ(back.category, a.category);
    EXPECT_EQ(back.created_at, a.created_at);
    EXPECT_EQ(back.version, a.version + 2);  // delete, then restore
    EXPECT_EQ(svc.get(a.id), back);
    const auto h = svc.history(a.id);
    ASSERT_EQ(h.size(), 4u);  // create, confirm, delete, restore
    EXPECT_EQ(h[2].action, "delete");
    EXPECT_EQ(h[3].action, "restore");
    EXPECT_EQ(h[3].who, "root");
    ASSERT_TRUE(h[3].before.has_value());
    EXPECT_EQ(h[3].before->version, h[2].version);
    // Past states stay as they were: gone at the delete, back after the restore.
    EXPECT_EQ(svc.list(LabelQuery{.revision = deleted_at}).size(), 1u);
    EXPECT_EQ(svc.list().size(), 2u);
    EXPECT_TRUE(svc.check_integrity().empty());
    EXPECT_THROW(svc.restore(a.id, k_ann), InvalidInputError);  // restored already
    // The next new label still never reuses an id.
    EXPECT_GT(svc.add(draft("u1", 5), k_ann).id, other.id);
}

// Undo of a review decision: the label's fields as before its last change, history continued.
TEST_P(StoreTest, RevertUndoesTheLastChangeAsANewVersion) {
    add_units(1);
    auto svc = service();
    const Label a = svc.add(draft("u1", 0), k_ann);
    EXPECT_THROW(svc.revert(a.id, a.version, k_ann), InvalidInputError);  // only created
    const Label rejected = svc.reject(a.id, a.version, Actor{"bo", "review of run r1"});
    EXPECT_THROW(svc.revert(a.id, a.version, k_ann), ConflictError);  // stale
    const Label back = svc.revert(a.id, rejected.version, Actor{"bo", "undo"});
    EXPECT_EQ(back.status, LabelStatus::proposed);
    EXPECT_EQ(back.reviewer, a.reviewer);
    EXPECT_EQ(back.version, rejected.version + 1);
    EXPECT_EQ(back.created_at, a.created_at);
    const auto h = svc.history(a.id);
    ASSERT_EQ(h.size(), 3u);
    EXPECT_EQ(h.back().action, "revert");
    EXPECT_EQ(h.back().before->status, LabelStatus::rejected);
    EXPECT_TRUE(svc.check_integrity().empty());
}

}  // namespace heatloop::store::testing
