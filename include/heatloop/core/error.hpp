#pragma once
/// Typed errors used across heatloop. Thrown by the library, translated once at the edge
/// (CLI: "error: ..." and an exit code; HTTP: {status, code, message}).

#include <stdexcept>
#include <string>
#include <string_view>

namespace heatloop {

/// The kinds of failure a caller may want to tell apart.
enum class ErrorKind { invalid_input, not_found, conflict, io, internal };

/// Short stable name of an error kind ("invalid_input", "not_found", ...).
std::string_view error_kind_name(ErrorKind kind);

/// Process exit code the CLI uses for an error kind (2 invalid input, 3 not found,
/// 4 conflict, 5 I/O, 70 internal).
int exit_code_for(ErrorKind kind);

/// Base of every heatloop error.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind), message_(message) {}
    /// What kind of failure this is.
    ErrorKind kind() const noexcept { return kind_; }
    /// The whole message: what() stops at a NUL byte, this does not.
    const std::string& message() const noexcept { return message_; }

private:
    ErrorKind kind_;
    std::string message_;
};

/// Input that cannot be accepted (bad value, unknown name, malformed file).
class InvalidInputError : public Error {
public:
    explicit InvalidInputError(const std::string& m) : Error(ErrorKind::invalid_input, m) {}
};

/// A named thing (unit, label, run, channel) does not exist.
class NotFoundError : public Error {
public:
    explicit NotFoundError(const std::string& m) : Error(ErrorKind::not_found, m) {}
};

/// A concurrent change was detected (stale version, duplicate key).
class ConflictError : public Error {
public:
    explicit ConflictError(const std::string& m) : Error(ErrorKind::conflict, m) {}
};

/// The file system or a server failed.
class IoError : public Error {
public:
    explicit IoError(const std::string& m) : Error(ErrorKind::io, m) {}
};

/// A broken invariant inside heatloop (a bug).
class InternalError : public Error {
public:
    explicit InternalError(const std::string& m) : Error(ErrorKind::internal, m) {}
};

/// Where in a text file a problem is: "file:line:column" (column 0 = whole line).
struct SourceLocation {
    std::string file;
    long line = 0;
    long column = 0;
    /// "sensors.csv:5:3", or "sensors.csv:5" without a column.
    std::string str() const;
};

}  // namespace heatloop
