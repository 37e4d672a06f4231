#pragma once
// Validated reads of request input: JSON body fields and query parameters. Every failure is
// a 400 naming the field and what was expected.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "heatloop/core/time.hpp"
#include "heatloop/store/label_service.hpp"
#include "web/router.hpp"

namespace heatloop::web {

// Body fields. `required_*` fail when the field is missing or null.
std::int64_t required_int(const nlohmann::json& body, const std::string& field);
std::optional<std::int64_t> optional_int(const nlohmann::json& body, const std::string& field);
std::string required_string(const nlohmann::json& body, const std::string& field,
                            std::size_t max_length = 200);
std::optional<std::string> optional_string(const nlohmann::json& body, const std::string& field,
                                           std::size_t max_length = 10000);
std::optional<double> optional_number(const nlohmann::json& body, const std::string& field);
// Fails naming the first member of `body` that is not in `allowed` (typos are not ignored).
void reject_unknown_fields(const nlohmann::json& body, std::initializer_list<const char*> allowed);

// Query parameters (absent or empty = nullopt).
std::optional<std::string> query(const Call& call, const std::string& name);
std::optional<std::int64_t> query_int(const Call& call, const std::string& name);
// A path parameter that must be an integer id (> 0).
std::int64_t path_id(const Call& call, std::size_t index, const std::string& name);

// A category of the label store's taxonomy, else 400 naming `field`.
void check_category(store::LabelService& labels, const std::string& category,
                    const std::string& field = "category");

// A label's time range in the API's ms: start < end, both within year 1970..9999.
void check_time(std::int64_t t, const std::string& field);

}  // namespace heatloop::web
