#include "heatloop/web/review_queue.hpp"

#include <gtest/gtest.h>

namespace heatloop::web {
namespace {

constexpr Timestamp k_min = 60'000;

eval::UnitData unit(const std::string& id) {
    eval::UnitData u;
    u.unit_id = id;
    u.step = k_min;
    for (int i = 0; i < 100; ++i) {
        u.time.push_back(i * k_min);
        u.scores.push_back(i * 0.01);
    }
    return u;
}

store::Label label(std::int64_t id, const std::string& unit, Timestamp start, Timestamp end,
                   store::LabelStatus status = store::LabelStatus::confirmed) {
    store::Label l;
    l.id = id;
    l.unit_id = unit;
    l.start = start;
    l.end = end;
    l.status = status;
    return l;
}

TEST(ReviewQueue, CandidatesAreUnlabelledAlarmsAndMissedAreLabelsWithoutAlarms) {
    eval::UnitData u = unit("u1");
    u.alarms = {{"u1", 10 * k_min, 12 * k_min, 0.9, 11 * k_min},
                {"u1", 30 * k_min, 31 * k_min, 0.5, 30 * k_min},
                {"u1", 50 * k_min, 52 * k_min, 0.7, 50 * k_min}};
    const std::vector<store::Label> labels{
        label(1, "u1", 11 * k_min, 20 * k_min),                                // hit by alarm 1
        label(2, "u1", 70 * k_min, 80 * k_min),                                // missed
        label(3, "u1", 85 * k_min, 90 * k_min, store::LabelStatus::rejected),  // not missed
        label(4, "u1", 49 * k_min, 51 * k_min, store::LabelStatus::rejected),  // covers alarm 3
        label(5, "u1", 60 * k_min, 65 * k_min, store::LabelStatus::superseded),
        label(6, "u2", 0, 10 * k_min),  // a unit the run did not evaluate
    };
    const auto items = review_items(std::span(&u, 1), labels);
    ASSERT_EQ(items.size(), 2u);
    // Missed label 2 scores the run's highest score inside it (0.79), above alarm 2 (0.5).
    EXPECT_EQ(items[0].kind, "missed");
    EXPECT_EQ(items[0].key, "m2");
    EXPECT_EQ(items[0].label_id, 2);
    EXPECT_NEAR(items[0].score, 0.79, 1e-12);
    EXPECT_EQ(items[1].kind, "candidate");
    EXPECT_EQ(items[1].start, 30 * k_min);
    EXPECT_EQ(items[1].score, 0.5);
    EXPECT_EQ(items[1].key.size(), 21u);
    EXPECT_EQ(items[1].key[0], 'c');
    // Keys are stable.
    EXPECT_EQ(review_items(std::span(&u, 1), labels)[1].key, items[1].key);
}

}  // namespace
}  // namespace heatloop::web
