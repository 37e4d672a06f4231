#pragma once
/// Errors of the JSON API and the one place every error becomes a response (DESIGN.md
/// guideline 7): {"error": {"code", "message", "field"}} with the matching HTTP status.

#include <nlohmann/json.hpp>

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

namespace heatloop::web {

/// An error with an HTTP status, a stable code ("bad_request", "unauthorized", "forbidden",
/// "csrf", "not_found", "method_not_allowed", "conflict", "too_many_requests", "internal")
/// and, for input errors, the request field it is about.
class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message,
             std::optional<std::string> field = std::nullopt, nlohmann::json extra = {})
        : std::runtime_error(message),
          status_(status),
          code_(std::move(code)),
          field_(std::move(field)),
          extra_(std::move(extra)) {}
    /// The HTTP status.
    int status() const noexcept { return status_; }
    /// The stable error code.
    const std::string& code() const noexcept { return code_; }
    /// The request field the error is about, if any.
    const std::optional<std::string>& field() const noexcept { return field_; }
    /// Members added beside "error" (e.g. "current" with the label of a 409).
    const nlohmann::json& extra() const noexcept { return extra_; }

private:
    int status_;
    std::string code_;
    std::optional<std::string> field_;
    nlohmann::json extra_;
};

/// 400 bad_request naming `field`.
ApiError bad_request(const std::string& field, const std::string& message);

/// A response: status and JSON body.
struct ErrorResponse {
    int status = 500;
    nlohmann::json body;
};

/// Maps any exception to its response: ApiError as it says; heatloop's typed errors
/// (invalid input 400, not found 404, conflict 409, I/O and internal 500); anything else 500
/// with a generic message (the detail goes to the server log only).
ErrorResponse error_response(const std::exception& e);

}  // namespace heatloop::web
