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
