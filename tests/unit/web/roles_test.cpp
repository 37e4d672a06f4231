#include "heatloop/web/roles.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

namespace heatloop::web {
namespace {

TEST(Roles, TheRoleTable) {
    struct Case {
        std::optional<Role> role;
        bool anyone, signed_in, reviewer, admin;
    };
    const Case cases[] = {
        {std::nullopt, true, false, false, false},
        {Role::viewer, true, true, false, false},
        {Role::reviewer, true, true, true, false},
        {Role::admin, true, true, true, true},
    };
    for (const Case& c : cases) {
        const std::string who = c.role ? std::string(role_name(*c.role)) : "anonymous";
        EXPECT_EQ(allowed(c.role, Access::anyone), c.anyone) << who;
        EXPECT_EQ(allowed(c.role, Access::signed_in), c.signed_in) << who;
        EXPECT_EQ(allowed(c.role, Access::reviewer), c.reviewer) << who;
        EXPECT_EQ(allowed(c.role, Access::admin), c.admin) << who;
    }
}

TEST(Roles, NamesRoundTripAndUnknownNamesListTheValidOnes) {
    for (Role r : {Role::viewer, Role::reviewer, Role::admin})
        EXPECT_EQ(parse_role(role_name(r)), r);
    EXPECT_FALSE(find_role("root").has_value());
    try {
        parse_role("root");
        FAIL();
    } catch (const InvalidInputError& e) {
        EXPECT_STREQ(e.what(), "unknown role 'root' (valid: viewer, reviewer, admin)");
    }
}

}  // namespace
}  // namespace heatloop::web
