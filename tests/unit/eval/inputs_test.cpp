#include "heatloop/eval/inputs.hpp"

#include <gtest/gtest.h>

using namespace heatloop::eval;

TEST(Inputs, KindFromNotesReadsTheFirstKindTag) {
    EXPECT_EQ(kind_from_notes("injected: t_supply stuck for 2.4 d (kind: stuck)"), "stuck");
    EXPECT_EQ(kind_from_notes("kind:drift"), "drift");
    EXPECT_EQ(kind_from_notes("kind: low_charge-2; kind: other"), "low_charge-2");
    EXPECT_EQ(kind_from_notes("injected: compressor does not run"), "");
    EXPECT_EQ(kind_from_notes(""), "");
    EXPECT_EQ(kind_from_notes("kind: "), "");  // a tag without a word names nothing
    EXPECT_EQ(kind_from_notes("kind: (x)"), "");
}

TEST(Inputs, ParseStateListsTheValidNames) {
    EXPECT_EQ(parse_state("rejected"), LabelState::rejected);
    EXPECT_EQ(state_name(LabelState::proposed), "proposed");
    EXPECT_ANY_THROW(parse_state("superseded"));
}
