#include "heatloop/core/enum_names.hpp"

#include <gtest/gtest.h>

#include <array>

using namespace heatloop;

namespace {

enum class Colour { red, green, blue };

constexpr std::array k_colours{std::pair{Colour::red, "red"}, std::pair{Colour::green, "green"}};

}  // namespace

TEST(EnumNames, NameAndParseRoundTrip) {
    for (const auto& [v, name] : k_colours) {
        EXPECT_EQ(enum_name(k_colours, v), name);
        EXPECT_EQ(parse_enum(k_colours, name, "colour"), v);
    }
    static_assert(enum_name(k_colours, Colour::green) == "green");
    EXPECT_EQ(enum_name(k_colours, Colour::blue), "?");  // a table missing a value
}

TEST(EnumNames, FindReturnsNulloptForAnUnknownName) {
    static_assert(find_enum(k_colours, "red") == Colour::red);
    EXPECT_EQ(find_enum(k_colours, "green"), Colour::green);
    EXPECT_FALSE(find_enum(k_colours, "Red").has_value());
    EXPECT_FALSE(find_enum(k_colours, "").has_value());
}

TEST(EnumNames, UnknownNameListsTheValidOnes) {
    try {
        parse_enum(k_colours, "mauve", "colour");
        FAIL();
    } catch (const InvalidInputError& e) {
        EXPECT_STREQ(e.what(), "unknown colour 'mauve' (valid: red, green)");
    }
    EXPECT_STREQ(unknown_enum_error(k_colours, " Mauve ", "colour").what(),
                 "unknown colour ' Mauve ' (valid: red, green)");
}
