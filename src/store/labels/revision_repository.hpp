#pragma once
// Repository of the global label revision counter (label_store_state) and the revision log
// (label_revisions).

#include <cstdint>
#include <string_view>

#include "heatloop/store/db.hpp"
#include "heatloop/store/label.hpp"

namespace heatloop::store {

// One revision: its number and when it was made.
struct Revision {
    std::int64_t number = 0;
    Timestamp at = 0;
};

class RevisionRepository {
public:
    explicit RevisionRepository(Db& db) : db_(db) {}

    // Allocates the next revision inside the current transaction and logs it. Locks the
    // counter row, so concurrent writers take turns and revisions commit in order. Its time
    // is `now`, or the previous revision's time when the clock went backwards.
    Revision next(const Actor& actor, std::string_view action, Timestamp now);
    // The latest committed revision (0 before the first change).
    std::int64_t current();
    // The latest revision made at or before `t` (0 when none).
    std::int64_t at_time(Timestamp t);
    // Number of rows in the revision log.
    std::int64_t count();

private:
    Db& db_;
};

}  // namespace heatloop::store
