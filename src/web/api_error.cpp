#include "heatloop/web/api_error.hpp"

#include "heatloop/core/error.hpp"

namespace heatloop::web {

namespace {

nlohmann::json body(const std::string& code, const std::string& message,
                    const std::optional<std::string>& field) {
    return {{"error",
             {{"code", code},
              {"message", message},
              {"field", field ? nlohmann::json(*field) : nlohmann::json()}}}};
}

}  // namespace

ApiError bad_request(const std::string& field, const std::string& message) {
    return ApiError(400, "bad_request", message, field);
}

ErrorResponse error_response(const std::exception& e) {
    if (const auto* api = dynamic_cast<const ApiError*>(&e)) {
        nlohmann::json j = body(api->code(), api->what(), api->field());
        if (api->extra().is_object())
            for (const auto& [k, v] : api->extra().items()) j[k] = v;
        return {api->status(), std::move(j)};
    }
    if (const auto* err = dynamic_cast<const Error*>(&e)) {
        switch (err->kind()) {
            case ErrorKind::invalid_input:
                return {400, body("bad_request", err->what(), std::nullopt)};
            case ErrorKind::not_found:
                return {404, body("not_found", err->what(), std::nullopt)};
            case ErrorKind::conflict:
                return {409, body("conflict", err->what(), std::nullopt)};
            case ErrorKind::io:
            case ErrorKind::internal:
                break;
        }
    }
    return {500, body("internal", "internal server error (see the server log)", std::nullopt)};
}

}  // namespace heatloop::web
