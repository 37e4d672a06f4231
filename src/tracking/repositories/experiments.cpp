#include "heatloop/core/error.hpp"
#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking::repo {

Experiment get_or_create_experiment(store::Db& db, const std::string& name, Timestamp now) {
    // ON CONFLICT keeps a concurrent creator's row; the SELECT then sees whichever won.
    db.exec(
        "INSERT INTO experiments (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        {name, now});
    auto res = db.exec("SELECT id, name, created_at FROM experiments WHERE name = ?", {name});
    const store::Row& row = res.one("experiment");
    return {row.get_int(0), row.get_text(1), row.get_int(2)};
}

}  // namespace heatloop::tracking::repo
