#include "io/number.hpp"

#include <gtest/gtest.h>

using namespace heatloop::io;

namespace {
NumberStatus parse(std::string_view s, double& v, bool comma = false) {
    return parse_number(s, comma, v);
}
}  // namespace

TEST(Number, PlainNumbers) {
    double v = 0;
    EXPECT_EQ(parse("21.5", v), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, 21.5);
    EXPECT_EQ(parse("-3", v), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, -3);
    EXPECT_EQ(parse("1e3", v), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, 1000);
    EXPECT_EQ(parse("+4.25", v), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, 4.25);
    EXPECT_EQ(parse("  7.5 ", v), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, 7.5);
    EXPECT_EQ(parse(".5", v), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, 0.5);
}

TEST(Number, MissingSpellings) {
    double v = 42;
    for (const char* s : {"", "NaN", "nan", "NA", "null", "NULL", "N/A", "None", "  ", "-nan"}) {
        EXPECT_EQ(parse(s, v), NumberStatus::missing) << "'" << s << "'";
        EXPECT_EQ(v, 42) << "untouched on missing";
    }
    EXPECT_TRUE(is_missing_token(" na "));
    EXPECT_FALSE(is_missing_token("nab"));
}

TEST(Number, NonFiniteRejected) {
    double v = 0;
    for (const char* s : {"inf", "-inf", "Infinity", "-Infinity", "+inf", "1e400", "-1e999"})
        EXPECT_EQ(parse(s, v), NumberStatus::non_finite) << s;
}

TEST(Number, Garbage) {
    double v = 0;
    for (const char* s : {"abc", "21.5x", "1.2.3", "--1", "++1", "1 2", "0x10", "21,5", "e5"})
        EXPECT_EQ(parse(s, v), NumberStatus::not_a_number) << s;
}

TEST(Number, DecimalComma) {
    double v = 0;
    EXPECT_EQ(parse("21,5", v, true), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, 21.5);
    EXPECT_EQ(parse("-0,25", v, true), NumberStatus::ok);
    EXPECT_DOUBLE_EQ(v, -0.25);
    EXPECT_EQ(parse("21.5", v, true), NumberStatus::ok) << "a dot still works";
    EXPECT_DOUBLE_EQ(v, 21.5);
    EXPECT_EQ(parse("1.234,5", v, true), NumberStatus::not_a_number) << "no thousands separators";
    EXPECT_EQ(parse("1,2,3", v, true), NumberStatus::not_a_number);
}
