#include "heatloop/sim/labels.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace heatloop;
using namespace heatloop::sim;

namespace {
constexpr Timestamp k_2024 = 1704067200000;
constexpr Timestamp k_2025 = k_2024 + 366 * k_day_ms;

// The truth of many units, for label-noise statistics.
std::vector<std::vector<Label>> fleet_truth(int units) {
    std::vector<std::vector<Label>> truth;
    for (int u = 0; u < units; ++u) {
        Rng rng(derive_seed(5, Stream::faults, static_cast<std::uint64_t>(u)));
        truth.push_back(truth_labels(fmt::format("u{}", u), plan_faults({}, k_2024, k_2025, rng)));
    }
    return truth;
}

bool same_span(const Label& a, const Label& b, Duration tol) {
    return std::llabs(a.start - b.start) <= tol && std::llabs(a.end - b.end) <= tol;
}
}  // namespace

TEST(Labels, TruthIsEveryFaultConfirmedBySimulator) {
    Rng rng(1);
    auto faults = plan_faults({true, true}, k_2024, k_2025, rng);
    auto truth = truth_labels("unit-0001", faults);
    ASSERT_EQ(truth.size(), faults.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
        EXPECT_EQ(truth[i].start, faults[i].start);
        EXPECT_EQ(truth[i].end, faults[i].end);
        EXPECT_EQ(truth[i].category, category_name(faults[i].category));
        EXPECT_EQ(truth[i].status, "confirmed");
        EXPECT_EQ(truth[i].confidence, 1.0);
        EXPECT_EQ(truth[i].reviewer, "simulator");
        EXPECT_EQ(truth[i].unit_id, "unit-0001");
    }
}

TEST(Labels, InitialLabelsCarryTheDocumentedNoise) {
    LabelNoise noise;
    auto truth = fleet_truth(400);
    std::size_t n_truth = 0, found = 0, exact = 0, proposed = 0, spurious = 0, n_initial = 0;
    std::size_t wrong_category = 0;
    for (std::size_t u = 0; u < truth.size(); ++u) {
        Rng rng(derive_seed(5, Stream::labels, u));
        auto initial = initial_labels(truth[u].empty() ? "" : truth[u][0].unit_id, truth[u], k_2024,
                                      k_2025, noise, rng);
        n_truth += truth[u].size();
        n_initial += initial.size();
        for (const Label& l : initial) {
            ASSERT_LT(l.start, l.end);
            ASSERT_GE(l.start, k_2024);
            ASSERT_LE(l.end, k_2025);
            ASSERT_TRUE(parse_category(l.category).has_value()) << l.category;
            ASSERT_TRUE(l.status == "confirmed" || l.status == "proposed");
            ASSERT_GE(l.confidence, 0.3);
            ASSERT_LE(l.confidence, 1.0);
            ASSERT_EQ(l.status == "proposed", l.reviewer.empty());
            if (l.status == "proposed") {
                ASSERT_LE(l.confidence, 0.7);
            }
            proposed += l.status == "proposed";
            ASSERT_EQ(l.start % noise.rounding, 0);
        }
        for (const Label& t : truth[u]) {
            // Matched: the initial label overlapping it most.
            const Label* best = nullptr;
            for (const Label& l : initial)
                if (l.start < t.end && t.start < l.end &&
                    l.notes.find("nothing found") == std::string::npos)
                    best = &l;
            if (!best) continue;
            ++found;
            exact += same_span(*best, t, noise.rounding / 2);
            wrong_category += best->category != t.category;
        }
        for (const Label& l : initial)
            spurious += l.notes.find("nothing found") != std::string::npos;
    }
    ASSERT_GT(n_truth, 1000u);
    double kept = static_cast<double>(found) / static_cast<double>(n_truth);
    EXPECT_NEAR(kept, 1.0 - noise.miss_rate, 0.04);
    EXPECT_NEAR(static_cast<double>(exact) / static_cast<double>(found), 1.0 - noise.shift_rate,
                0.05);
    EXPECT_NEAR(static_cast<double>(wrong_category) / static_cast<double>(found),
                noise.miscategory_rate, 0.02);
    EXPECT_NEAR(static_cast<double>(spurious) / 400.0, noise.spurious_per_unit_year, 0.2);
    double unreviewed_expected =
        (found * noise.unreviewed_rate + spurious * 0.5) / static_cast<double>(n_initial);
    EXPECT_NEAR(static_cast<double>(proposed) / static_cast<double>(n_initial), unreviewed_expected,
                0.04);
}

TEST(Labels, NoNoiseReproducesTheTruthOnItsGrid) {
    LabelNoise none{0, 0, 0, 0, 0, k_minute_ms};
    auto truth = fleet_truth(20);
    for (std::size_t u = 0; u < truth.size(); ++u) {
        Rng rng(u);
        auto initial = initial_labels("x", truth[u], k_2024, k_2025, none, rng);
        ASSERT_EQ(initial.size(), truth[u].size());
        for (std::size_t i = 0; i < initial.size(); ++i) {
            EXPECT_EQ(initial[i].start, truth[u][i].start);
            EXPECT_EQ(initial[i].end, truth[u][i].end);
            EXPECT_EQ(initial[i].category, truth[u][i].category);
            EXPECT_EQ(initial[i].status, "confirmed");
        }
    }
}

TEST(Labels, CsvRowsQuoteNotes) {
    io::CsvBuffer out;
    write_label_header(out);
    write_label(out, {"unit-0001", k_2024, k_2024 + k_hour_ms, "sensor_fault", 0.75, "proposed", "",
                      "stuck, then \"fixed\""});
    EXPECT_EQ(out.text(),
              "unit_id,start,end,category,confidence,status,reviewer,notes\n"
              "unit-0001,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,sensor_fault,0.75,proposed,,"
              "\"stuck, then \"\"fixed\"\"\"\n");
}
