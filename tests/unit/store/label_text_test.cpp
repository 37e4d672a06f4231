// Text that cannot be stored (ill-formed UTF-8, NUL) and numbers beyond double in label
// files, options and the store: refused on the way in with file:line:column, repaired on the
// way out for stores written before the check (issue 10, item 9).

#include <gmock/gmock.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"
#include "heatloop/store/label_file.hpp"
#include "store_fixture.hpp"

namespace heatloop::store::testing {

using ::testing::HasSubstr;

namespace {

const char* k_header = "unit_id,start,end,category,confidence,status,reviewer,notes\n";

std::string all_problems(const LabelFile& f) {
    std::string out;
    for (const auto& p : f.problems) out += p.str() + "\n";
    return out;
}

}  // namespace

TEST(LabelText, CsvFieldsThatAreNotUtf8AreNamedByLineAndColumn) {
    const std::string text = std::string(k_header) +
                             "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,1,,,ok\n"
                             "u1,2024-01-02T00:00:00Z,2024-01-02T01:00:00Z,sensor_fault,1,,,"
                             "caf\xC3\n"
                             "u1,2024-01-03T00:00:00Z,2024-01-03T01:00:00Z,sensor_fault,1,,"
                             "b\xFFo,\n";
    auto f = parse_label_text(text, LabelFileFormat::csv, "labels.csv");
    ASSERT_EQ(f.problems.size(), 2u) << all_problems(f);
    EXPECT_EQ(f.problems[0].str(),
              "labels.csv:3:8: notes: not valid UTF-8 (byte 0xC3 at byte 4): 'caf<0xC3>'");
    EXPECT_EQ(f.problems[1].str(),
              "labels.csv:4:7: reviewer: not valid UTF-8 (byte 0xFF at byte 2): 'b<0xFF>o'");
    EXPECT_TRUE(f.rows[0].ok);
    EXPECT_FALSE(f.rows[1].ok);
    EXPECT_FALSE(f.rows[2].ok);
}

TEST(LabelText, NulInAFieldIsRefusedAndShown) {
    std::string text =
        std::string(k_header) + "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,1,,,a";
    text += '\0';
    text += "b\n";
    auto f = parse_label_text(text, LabelFileFormat::csv, "labels.csv");
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].str(),
              "labels.csv:2:8: notes: contains a NUL character at byte 2: 'a<U+0000>b'");
}

TEST(LabelText, JsonWithIllFormedUtf8IsRefusedAtItsLineAndColumn) {
    const std::string text =
        "[\n  {\"unit_id\": \"u1\", \"start\": \"2024-01-01\", \"end\": \"2024-01-02\",\n"
        "   \"category\": \"sensor_fault\", \"notes\": \"caf\xE9\"}\n]\n";
    auto f = parse_label_text(text, LabelFileFormat::json, "labels.json");
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].where.line, 3);
    EXPECT_EQ(f.problems[0].str(), "labels.json:3:45: not valid UTF-8 (byte 0xE9)");
    // \u0000 is valid JSON but no storable text.
    auto g = parse_label_text(
        "[{\"unit_id\": \"u1\", \"start\": \"2024-01-01\", \"end\": \"2024-01-02\", "
        "\"category\": \"sensor_fault\", \"notes\": \"a\\u0000b\"}]",
        LabelFileFormat::json, "labels.json");
    ASSERT_EQ(g.problems.size(), 1u);
    EXPECT_EQ(g.problems[0].str(),
              "labels.json:1: notes: contains a NUL character at byte 2: 'a<U+0000>b'");
}

TEST(LabelText, NumbersBeyondDoubleAreInputErrorsWithTheirPlace) {
    const std::string text =
        "[\n  {\"unit_id\": \"u1\", \"start\": \"2024-01-01\", \"end\": \"2024-01-02\",\n"
        "   \"category\": \"sensor_fault\", \"confidence\": 1e309}\n]\n";
    auto f = parse_label_text(text, LabelFileFormat::json, "labels.json");
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].str(), "labels.json:3:46: number 1e309 is out of range");
    // As text, the same number is a bad confidence of that row.
    auto g = parse_label_text(std::string(k_header) +
                                  "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,"
                                  "1e309,,,\n",
                              LabelFileFormat::csv, "labels.csv");
    ASSERT_EQ(g.problems.size(), 1u);
    EXPECT_EQ(g.problems[0].str(), "labels.csv:2: confidence '1e309' is not a number");
}

TEST(LabelText, NegativeZeroConfidenceIsReadAsZero) {
    auto f = parse_label_text(std::string(k_header) +
                                  "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,"
                                  "-0.0,,,\n",
                              LabelFileFormat::csv, "labels.csv");
    ASSERT_TRUE(f.problems.empty()) << all_problems(f);
    EXPECT_EQ(f.rows[0].draft.confidence, 0.0);
    EXPECT_FALSE(std::signbit(f.rows[0].draft.confidence));
}

TEST_P(StoreTest, TextThatCannotBeStoredNeverReachesTheStore) {
    add_units(1);
    auto svc = service();
    const Label l = svc.add(draft("u1", 0), {"ann", "first"});
    const std::int64_t revision = svc.current_revision();
    const std::int64_t history_rows =
        db().exec("SELECT COUNT(*) FROM label_history").one("count").get_int(0);

    try {
        svc.confirm(l.id, l.version, {"ann", "bad \xFF why"});
        FAIL() << "an ill-formed --why was accepted";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("why: not valid UTF-8 (byte 0xFF at byte 5)"));
        EXPECT_THAT(e.what(), HasSubstr("'bad <0xFF> why'"));
    }
    EXPECT_THROW(svc.confirm(l.id, l.version, {"\xC0\xAF", ""}), InvalidInputError);
    LabelPatch notes;
    notes.notes = std::string("a\0b", 3);
    EXPECT_THROW(svc.edit(l.id, l.version, notes, {"ann", ""}), InvalidInputError);
    LabelDraft d = draft("u1", 5);
    d.reviewer = "\xED\xA0\x80";  // a UTF-16 surrogate: not UTF-8
    EXPECT_THROW(svc.add(d, {"ann", ""}), InvalidInputError);
    LabelFile file = parse_label_text(std::string(k_header), LabelFileFormat::csv, "x.csv");
    LabelFileRow row;
    row.where = SourceLocation{"x.csv", 2, 0};
    row.draft = draft("u1", 9);
    row.draft.notes = "\xFF";
    file.rows.push_back(row);
    EXPECT_THROW(svc.import_labels(file, {"ann", ""}), InvalidInputError);
    EXPECT_THROW(svc.add_category("new_one", "\xFF"), InvalidInputError);

    EXPECT_EQ(svc.current_revision(), revision);
    EXPECT_EQ(db().exec("SELECT COUNT(*) FROM label_history").one("count").get_int(0),
              history_rows);
    EXPECT_TRUE(svc.check_integrity().empty());
}

TEST_P(StoreTest, NegativeZeroConfidenceIsStoredAsZero) {
    add_units(1);
    auto svc = service();
    LabelDraft d = draft("u1", 0);
    d.confidence = -0.0;
    const Label l = svc.add(d, {"ann", ""});
    EXPECT_FALSE(std::signbit(l.confidence));
    EXPECT_FALSE(std::signbit(svc.get(l.id).confidence));
    LabelPatch p;
    p.confidence = -0.0;
    EXPECT_FALSE(std::signbit(svc.edit(l.id, l.version, p, {"ann", ""}).confidence));
}

TEST_P(StoreTest, TextStoredBeforeTheCheckIsRepairedOnRead) {
    add_units(1);
    auto svc = service();
    const Label l = svc.add(draft("u1", 0), {"ann", "first"});
    // What an older heatloop let through: --why and notes with bytes that are not UTF-8.
    const std::string bad_why = "old \xFF why", bad_notes = "caf\xE9";
    if (GetParam() == Backend::postgres) {
        // PostgreSQL refuses such text outright, so its stores never hold any.
        EXPECT_ANY_THROW(db().exec("SELECT CAST(? AS TEXT)", {bad_why}));
        return;
    }
    db().transaction([&] {
        // The history is append-only (triggers refuse UPDATE): an old store is simulated by
        // rewriting it with the triggers gone.
        db().exec("DROP TRIGGER label_history_no_update");
        db().exec("UPDATE label_history SET why = ? WHERE label_id = ?", {bad_why, l.id});
        db().exec("UPDATE labels SET notes = ? WHERE id = ?", {bad_notes, l.id});
        db().exec(
            "UPDATE label_history SET after_json = REPLACE(after_json, '\"notes\":\"\"', ?) "
            "WHERE label_id = ?",
            {"\"notes\":\"" + bad_notes + "\"", l.id});
    });
    const auto history = svc.history(l.id);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].why, "old \xEF\xBF\xBD why");
    EXPECT_EQ(history[0].after.notes, "caf\xEF\xBF\xBD");
    EXPECT_NO_THROW((void)to_json(history[0]).dump());
    EXPECT_EQ(svc.get(l.id).notes, "caf\xEF\xBF\xBD");
    EXPECT_NO_THROW((void)to_json(svc.list().at(0)).dump());
}

}  // namespace heatloop::store::testing
