#include "heatloop/web/api_error.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

namespace heatloop::web {
namespace {

TEST(ErrorResponse, MapsEveryErrorKindToStatusAndCode) {
    struct Case {
        std::exception_ptr e;
        int status;
        std::string code;
    };
    const Case cases[] = {
        {std::make_exception_ptr(InvalidInputError("bad")), 400, "bad_request"},
        {std::make_exception_ptr(NotFoundError("gone")), 404, "not_found"},
        {std::make_exception_ptr(ConflictError("stale")), 409, "conflict"},
        {std::make_exception_ptr(IoError("disk")), 500, "internal"},
        {std::make_exception_ptr(std::runtime_error("oops")), 500, "internal"},
        {std::make_exception_ptr(ApiError(403, "csrf", "no token")), 403, "csrf"},
    };
    for (const Case& c : cases) {
        try {
            std::rethrow_exception(c.e);
        } catch (const std::exception& e) {
            const ErrorResponse r = error_response(e);
            EXPECT_EQ(r.status, c.status) << e.what();
            EXPECT_EQ(r.body.at("error").at("code"), c.code) << e.what();
            EXPECT_TRUE(r.body.at("error").at("message").is_string());
            EXPECT_TRUE(r.body.at("error").at("field").is_null());
        }
    }
}

TEST(ErrorResponse, NamesTheFieldAndCarriesExtras) {
    const ErrorResponse r =
        error_response(bad_request("confidence", "confidence 2: expected 0..1"));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body["error"]["field"], "confidence");
    const ErrorResponse c = error_response(
        ApiError(409, "conflict", "stale", std::nullopt, {{"current", {{"id", 1}}}}));
    EXPECT_EQ(c.body["current"]["id"], 1);
    // Internal detail never reaches the client.
    EXPECT_EQ(error_response(IoError("/secret/path: denied"))
                  .body["error"]["message"]
                  .get<std::string>()
                  .find("secret"),
              std::string::npos);
}

}  // namespace
}  // namespace heatloop::web
