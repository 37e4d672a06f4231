#include "heatloop/core/text.hpp"

#include <gtest/gtest.h>

using heatloop::split_list;
using V = std::vector<std::string>;

TEST(SplitList, TrimsItemsAndDropsEmptyOnes) {
    EXPECT_EQ(split_list("a, b,,c "), (V{"a", "b", "c"}));
    EXPECT_EQ(split_list("t_supply"), (V{"t_supply"}));
    EXPECT_EQ(split_list(""), V{});
    EXPECT_EQ(split_list(" , ,"), V{});
    EXPECT_EQ(split_list("x;y z;", ';'), (V{"x", "y z"}));
}

TEST(Utf8, FindsTheFirstIllFormedByte) {
    using heatloop::invalid_utf8_at;
    EXPECT_FALSE(invalid_utf8_at("plain ascii"));
    EXPECT_FALSE(invalid_utf8_at("W\xC3\xA4rmepumpe \xE2\x82\xAC \xF0\x9F\x94\xA5"));  // ä € 🔥
    EXPECT_EQ(invalid_utf8_at("ab\xFF"), 2u);
    EXPECT_EQ(invalid_utf8_at("a\xC0\xAF"), 1u);         // overlong '/'
    EXPECT_EQ(invalid_utf8_at("\xED\xA0\x80"), 0u);      // a surrogate
    EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
    EXPECT_EQ(invalid_utf8_at("ok\xE2\x82"), 2u);        // truncated at the end
    EXPECT_EQ(invalid_utf8_at("\xC3("), 0u);             // bad continuation
}

TEST(Utf8, RepairReplacesEachBadByteAndKeepsTheRest) {
    using heatloop::repair_utf8;
    EXPECT_EQ(repair_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
    EXPECT_EQ(repair_utf8("a\xFF"
                          "b"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(repair_utf8("\xC3"), "\xEF\xBF\xBD");
    EXPECT_TRUE(heatloop::valid_utf8(repair_utf8("\xF8\x88\x80\x80\x80 x \xED\xA0\x80")));
}

TEST(Visible, ShowsInvisibleCharactersAndBadBytes) {
    using heatloop::visible;
    EXPECT_EQ(visible("t_supply"), "t_supply");
    EXPECT_EQ(visible("Vor\xC2\xADlauf"), "Vor<U+00AD>lauf");  // soft hyphen
    EXPECT_EQ(visible("T\xC2\xA0"
                      "aussen"),
              "T<U+00A0>aussen");  // no-break space
    EXPECT_EQ(visible("a\xE2\x80\x8B"
                      "b"),
              "a<U+200B>b");  // zero-width space
    EXPECT_EQ(visible(std::string_view("x\0y", 3)), "x<U+0000>y");
    EXPECT_EQ(visible("id\xFF"), "id<0xFF>");
    EXPECT_EQ(visible("\xC3\xA4"), "\xC3\xA4");  // a visible non-ASCII letter stays
}
