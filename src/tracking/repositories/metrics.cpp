#include <cmath>
#include <limits>

#include "tracking/repositories/run_rows.hpp"

namespace heatloop::tracking::repo {

namespace {

constexpr std::size_t k_rows_per_insert = 200;  // 1,200 bound parameters per statement

std::string insert_sql(std::size_t rows) {
    std::string sql = "INSERT INTO metrics (run_id, key, value, step, timestamp, unit_id) VALUES ";
    for (std::size_t i = 0; i < rows; ++i)
        sql += i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
    return sql;
}

double value_or_nan(const store::Row& row, std::size_t i) {
    return row.opt_double(i).value_or(std::numeric_limits<double>::quiet_NaN());
}

StoredMetric from_row(const store::Row& row) {
    return {
        row.get_int(0),
        {row.get_text(1), value_or_nan(row, 2), row.get_int(3), row.get_int(4), row.opt_text(5)}};
}

}  // namespace

void insert_metrics(store::Db& db, const std::string& run_id, std::span<const Metric> metrics) {
    // Multi-row statements: a round trip per point would dominate on PostgreSQL.
    const std::string full_sql = insert_sql(k_rows_per_insert);
    std::vector<store::Value> params;
    params.reserve(k_rows_per_insert * 6);
    for (std::size_t start = 0; start < metrics.size(); start += k_rows_per_insert) {
        std::size_t n = std::min(k_rows_per_insert, metrics.size() - start);
        params.clear();
        for (const Metric& m : metrics.subspan(start, n)) {
            params.emplace_back(run_id);
            params.emplace_back(m.key);
            // NaN is stored as NULL (sql/*/002_tracking.sql).
            if (std::isnan(m.value))
                params.emplace_back();
            else
                params.emplace_back(m.value);
            params.emplace_back(m.step);
            params.emplace_back(m.timestamp);
            params.emplace_back(m.unit_id);
        }
        db.exec(n == k_rows_per_insert ? full_sql : insert_sql(n), params);
    }
}

std::vector<StoredMetric> list_metrics(store::Db& db, const std::string& run_id,
                                       std::int64_t after_id, std::int64_t limit) {
    std::vector<StoredMetric> out;
    for (const auto& row : db.exec("SELECT id, key, value, step, timestamp, unit_id FROM metrics "
                                   "WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?",
                                   {run_id, after_id, limit})
                               .rows)
        out.push_back(from_row(row));
    return out;
}

std::vector<StoredMetric> metric_history(store::Db& db, const std::string& run_id,
                                         const std::string& key) {
    std::vector<StoredMetric> out;
    for (const auto& row : db.exec("SELECT id, key, value, step, timestamp, unit_id FROM metrics "
                                   "WHERE run_id = ? AND key = ? ORDER BY step, id",
                                   {run_id, key})
                               .rows)
        out.push_back(from_row(row));
    return out;
}

std::vector<MetricSummary> summarize_metrics(store::Db& db, const std::string& run_id) {
    // Window functions (SQLite >= 3.25, PostgreSQL): one pass gives count, min, max and the
    // value at the highest step of every (key, unit) series.
    constexpr std::string_view sql =
        "SELECT key, unit_id, cnt, mn, mx, value, step FROM ("
        " SELECT key, unit_id, value, step, COUNT(*) OVER w AS cnt, MIN(value) OVER w AS mn,"
        " MAX(value) OVER w AS mx, ROW_NUMBER() OVER (PARTITION BY key, unit_id"
        " ORDER BY step DESC, id DESC) AS rn FROM metrics WHERE run_id = ?"
        " WINDOW w AS (PARTITION BY key, unit_id)) t"
        " WHERE rn = 1 ORDER BY key, COALESCE(unit_id, '')";
    std::vector<MetricSummary> out;
    for (const auto& row : db.exec(sql, {run_id}).rows)
        out.push_back({row.get_text(0), row.opt_text(1), row.get_int(2), value_or_nan(row, 5),
                       row.get_int(6), value_or_nan(row, 3), value_or_nan(row, 4)});
    return out;
}

std::int64_t count_metrics(store::Db& db, const std::string& run_id) {
    return db.exec("SELECT COUNT(*) FROM metrics WHERE run_id = ?", {run_id}).one().get_int(0);
}

}  // namespace heatloop::tracking::repo
