#include "store/labels/revision_repository.hpp"

namespace heatloop::store {

Revision RevisionRepository::next(const Actor& actor, std::string_view action, Timestamp now) {
    const Row& r = db_.exec(
                          "UPDATE label_store_state SET revision = revision + 1, "
                          "changed_at = CASE WHEN changed_at > ? THEN changed_at ELSE ? END "
                          "WHERE id = 1 RETURNING revision, changed_at",
                          {now, now})
                       .one("label revision counter");
    Revision rev{r.get_int(0), r.get_int(1)};
    db_.exec(
        "INSERT INTO label_revisions (revision, changed_at, who, action, why) "
        "VALUES (?, ?, ?, ?, ?)",
        {rev.number, rev.at, actor.who, action, actor.why});
    return rev;
}

std::int64_t RevisionRepository::current() {
    return db_.exec("SELECT revision FROM label_store_state WHERE id = 1")
        .one("revision")
        .get_int(0);
}

std::int64_t RevisionRepository::at_time(Timestamp t) {
    const Row& r = db_.exec("SELECT MAX(revision) FROM label_revisions WHERE changed_at <= ?", {t})
                       .one("revision at time");
    return r.opt_int(0).value_or(0);
}

std::int64_t RevisionRepository::count() {
    return db_.exec("SELECT COUNT(*) FROM label_revisions").one("revision count").get_int(0);
}

}  // namespace heatloop::store
