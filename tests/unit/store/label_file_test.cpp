// Label file parsing and writing (no database).

#include <gmock/gmock.h>

#include <sstream>

#include "heatloop/core/error.hpp"
#include "heatloop/store/label_file.hpp"

namespace heatloop::store {

using ::testing::HasSubstr;

namespace {
std::string problems(const LabelFile& f) {
    std::string out;
    for (const auto& p : f.problems) out += p.str() + "\n";
    return out;
}
}  // namespace

TEST(LabelFile, CsvWithQuotesBomCrlfAndDefaults) {
    std::string text =
        "\xEF\xBB\xBFunit_id,start,end,category\r\n"
        "u1,2024-01-01T00:00:00Z,2024-01-01T02:00:00+01:00,sensor_fault\r\n"
        "\r\n"
        "u2,2024-01-01,1704070800,short_cycling\r\n";
    auto f = parse_label_text(text, LabelFileFormat::csv, "a.csv", "field_visit");
    ASSERT_TRUE(f.problems.empty()) << problems(f);
    ASSERT_EQ(f.rows.size(), 2u);
    EXPECT_EQ(f.rows[0].draft.end - f.rows[0].draft.start, k_hour_ms);  // 02:00+01:00 = 01:00Z
    EXPECT_EQ(f.rows[0].draft.confidence, 1.0);
    EXPECT_EQ(f.rows[0].draft.status, LabelStatus::proposed);
    EXPECT_EQ(f.rows[0].draft.source, "field_visit");
    EXPECT_EQ(f.rows[1].where.line, 4);
    EXPECT_EQ(f.rows[1].draft.end, 1704070800000);
}

TEST(LabelFile, ProblemsNameTheirLineEvenAfterMultiLineFields) {
    std::string text =
        "unit_id,start,end,category,notes\n"
        "u1,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,sensor_fault,\"two\nlines\"\n"
        "u1,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault\n"
        ",2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,,x\n";
    auto f = parse_label_text(text, LabelFileFormat::csv, "b.csv");
    std::string p = problems(f);
    EXPECT_THAT(p, HasSubstr("b.csv:2: end 2024-01-01T00:00:00Z is not after start"));
    EXPECT_THAT(p, HasSubstr("b.csv:4: expected 5 fields, got 4"));
    EXPECT_THAT(p, HasSubstr("b.csv:5: unit_id is missing or empty"));
    EXPECT_THAT(p, HasSubstr("b.csv:5: category is missing or empty"));
}

TEST(LabelFile, HeaderProblems) {
    auto f = parse_label_text("unit_id,start,category,colour\n", LabelFileFormat::csv, "c.csv");
    std::string p = problems(f);
    EXPECT_THAT(p, HasSubstr("c.csv:1: missing column 'end'"));
    EXPECT_THAT(p, HasSubstr("c.csv:1: unknown column 'colour'"));
    EXPECT_THAT(problems(parse_label_text("", LabelFileFormat::csv, "d.csv")),
                HasSubstr("d.csv:1: empty file"));
}

TEST(LabelFile, JsonProblemsNameTheLineTheObjectStartsOn) {
    std::string text = R"([
  {"unit_id": "u1", "start": "2024-01-01T00:00:00Z", "end": "2024-01-01T01:00:00Z",
   "category": "sensor_fault", "confidence": 0.5, "id": 7, "version": 3},
  {"unit_id": "u1", "start": "2024-01-01T00:00:00Z", "end": "2024-01-01T01:00:00Z",
   "category": "sensor_fault", "confidence": "high"},
  {"unit_id": "u1", "start": "2024-01-01T00:00:00Z",
   "category": "sensor_fault", "status": "confirmed", "colour": "red"}
])";
    auto f = parse_label_text(text, LabelFileFormat::json, "l.json");
    ASSERT_EQ(f.rows.size(), 3u);
    EXPECT_TRUE(f.rows[0].ok);
    EXPECT_EQ(f.rows[0].draft.confidence, 0.5);
    std::string p = problems(f);
    EXPECT_THAT(p, HasSubstr("l.json:4: confidence 'high' is not a number"));
    EXPECT_THAT(p, HasSubstr("l.json:6: end is missing"));
    EXPECT_THAT(p, HasSubstr("l.json:6: unknown column 'colour'"));
    EXPECT_THAT(
        problems(parse_label_text("[{\"a\": 1},\n  oops]", LabelFileFormat::json, "m.json")),
        HasSubstr("m.json:2:3: not valid JSON"));
}

TEST(LabelFile, CsvWriterQuotesOnlyWhatNeedsIt) {
    Label l;
    l.unit_id = "u1";
    l.start = 0;
    l.end = 1500;
    l.category = "sensor_fault";
    l.confidence = 0.3;
    Label odd = l;
    odd.confidence = 0.125;
    l.reviewer = " padded ";
    l.notes = "a \"b\", c";
    std::ostringstream out;
    write_labels(out, std::span(&l, 1), LabelFileFormat::csv);
    EXPECT_EQ(out.str(),
              "unit_id,start,end,category,confidence,status,reviewer,notes\n"
              "u1,1970-01-01T00:00:00Z,1970-01-01T00:00:01.500Z,sensor_fault,0.30,proposed,"
              "\" padded \",\"a \"\"b\"\", c\"\n");
    std::ostringstream exact;
    write_labels(exact, std::span(&odd, 1), LabelFileFormat::csv);
    EXPECT_THAT(exact.str(), HasSubstr(",0.125,"));  // not rounded to two decimals
    auto back = parse_label_text(out.str(), LabelFileFormat::csv, "x.csv");
    ASSERT_EQ(back.rows.size(), 1u);
    EXPECT_EQ(back.rows[0].draft.reviewer, " padded ");
    EXPECT_EQ(back.rows[0].draft.notes, l.notes);
}

// Found by fuzz/fuzz_labels_csv: invalid UTF-8 in a field was accepted, and the label's JSON
// (export, history, the API) then failed with an internal error.
TEST(LabelFile, InvalidUtf8FailsItsRow) {
    auto f = parse_label_text(
        "unit_id,start,end,category,notes\n"
        "u\xFF"
        "1,2024-01-01,2024-01-02,defrost,\n"
        "u2,2024-01-01,2024-01-02,defrost,bad \xC3\n"
        "u3,2024-01-01,2024-01-02,defrost,fine \xC3\xA9\n",
        LabelFileFormat::csv, "x.csv");
    ASSERT_EQ(f.rows.size(), 3u);
    EXPECT_FALSE(f.rows[0].ok);
    EXPECT_FALSE(f.rows[1].ok);
    EXPECT_TRUE(f.rows[2].ok);
    EXPECT_THAT(problems(f), HasSubstr("x.csv:2:"));
    EXPECT_THAT(problems(f),
                HasSubstr("unit_id: not valid UTF-8 (byte 0xFF at byte 2): 'u<0xFF>1'"));
    EXPECT_THAT(problems(f), HasSubstr("x.csv:3:"));
    EXPECT_THAT(problems(f),
                HasSubstr("notes: not valid UTF-8 (byte 0xC3 at byte 5): 'bad <0xC3>'"));
    for (const auto& p : f.problems) EXPECT_EQ(p.str().find('\xFF'), std::string::npos);
}

// Found by fuzz/fuzz_labels_json: a number too large for a double ended in an uncaught
// json out_of_range (exit 70) instead of a problem of the file.
TEST(LabelFile, JsonNumberOverflowIsAProblem) {
    auto f = parse_label_text(
        R"([{"unit_id": "u1", "start": "2024-01-01", "end": "2024-01-02", "category": "c",
             "confidence": 1e999}])",
        LabelFileFormat::json, "x.json");
    EXPECT_TRUE(f.rows.empty());
    EXPECT_THAT(problems(f), HasSubstr("x.json:2:28: number 1e999 is out of range"));
}

TEST(LabelFile, FormatNames) {
    EXPECT_EQ(parse_label_format("json"), LabelFileFormat::json);
    EXPECT_THROW(parse_label_format("xml"), InvalidInputError);
    EXPECT_EQ(label_format_of("a/b.JSON"), LabelFileFormat::csv);
    EXPECT_EQ(label_format_of("a/b.json"), LabelFileFormat::json);
}

}  // namespace heatloop::store
