#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::store {
namespace {

TEST(LabelSource, SimilarToALabelIsAProvenance) {
    EXPECT_TRUE(is_valid_source("similar:12"));
    EXPECT_TRUE(is_valid_source("run:abc"));
    EXPECT_TRUE(is_valid_source("human"));
    EXPECT_FALSE(is_valid_source("similar:"));
    EXPECT_FALSE(is_valid_source("similar:12a"));
    EXPECT_FALSE(is_valid_source("similar:-1"));
    EXPECT_FALSE(is_valid_source("similar"));
    try {
        check_source("similar:x");
        FAIL() << "accepted similar:x";
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find("similar:<label id>"), std::string::npos);
    }
}

}  // namespace
}  // namespace heatloop::store
