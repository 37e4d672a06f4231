#include "heatloop/tracking/mlflow_batch.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

using namespace heatloop::tracking;

namespace {

LogBatch make(std::size_t metrics, std::size_t params, std::size_t tags) {
    LogBatch b;
    for (std::size_t i = 0; i < metrics; ++i)
        b.metrics.push_back(
            {"loss", static_cast<double>(i), 1'700'000'000'000, static_cast<long>(i)});
    for (std::size_t i = 0; i < params; ++i) b.params.push_back({fmt::format("p{}", i), "v"});
    for (std::size_t i = 0; i < tags; ++i) b.tags.push_back({fmt::format("t{}", i), "v"});
    return b;
}

// Every batch within the limits, and concatenating the batches gives back the input.
void expect_valid_split(const LogBatch& all, const std::vector<LogBatch>& batches,
                        const BatchLimits& limits = {}) {
    LogBatch joined;
    for (const auto& b : batches) {
        EXPECT_FALSE(b.empty());
        EXPECT_LE(b.metrics.size(), limits.max_metrics);
        EXPECT_LE(b.params.size(), limits.max_params);
        EXPECT_LE(b.tags.size(), limits.max_tags);
        EXPECT_LE(b.size(), limits.max_entities);
        joined.metrics.insert(joined.metrics.end(), b.metrics.begin(), b.metrics.end());
        joined.params.insert(joined.params.end(), b.params.begin(), b.params.end());
        joined.tags.insert(joined.tags.end(), b.tags.begin(), b.tags.end());
    }
    ASSERT_EQ(joined.metrics.size(), all.metrics.size());
    ASSERT_EQ(joined.params.size(), all.params.size());
    ASSERT_EQ(joined.tags.size(), all.tags.size());
    for (std::size_t i = 0; i < all.metrics.size(); ++i)
        EXPECT_EQ(joined.metrics[i].step, all.metrics[i].step);
    for (std::size_t i = 0; i < all.params.size(); ++i)
        EXPECT_EQ(joined.params[i].key, all.params[i].key);
}

}  // namespace

TEST(SplitLogBatch, EmptyGivesNoBatch) {
    EXPECT_TRUE(split_log_batch(LogBatch{}).empty());
}

TEST(SplitLogBatch, SmallPayloadIsOneRequest) {
    auto all = make(10, 5, 3);
    auto batches = split_log_batch(all);
    ASSERT_EQ(batches.size(), 1u);
    expect_valid_split(all, batches);
}

TEST(SplitLogBatch, MetricsSplitAtOneThousand) {
    auto all = make(2500, 0, 0);
    auto batches = split_log_batch(all);
    ASSERT_EQ(batches.size(), 3u);
    EXPECT_EQ(batches[0].metrics.size(), 1000u);
    EXPECT_EQ(batches[1].metrics.size(), 1000u);
    EXPECT_EQ(batches[2].metrics.size(), 500u);
    expect_valid_split(all, batches);
}

TEST(SplitLogBatch, ParamsAndTagsSplitAtOneHundredAndShareTheEntityLimit) {
    // 250 params, 150 tags, 10,000 metrics: the first batch carries 100 params, 100 tags and
    // only 800 metrics (1000 entities in total).
    auto all = make(10'000, 250, 150);
    auto batches = split_log_batch(all);
    expect_valid_split(all, batches);
    ASSERT_GE(batches.size(), 3u);
    EXPECT_EQ(batches[0].params.size(), 100u);
    EXPECT_EQ(batches[0].tags.size(), 100u);
    EXPECT_EQ(batches[0].metrics.size(), 800u);
    EXPECT_EQ(batches[1].params.size(), 100u);
    EXPECT_EQ(batches[1].tags.size(), 50u);
    EXPECT_EQ(batches[1].metrics.size(), 850u);
    EXPECT_EQ(batches[2].params.size(), 50u);
    // 10,000 + 400 entities need at least 11 requests of 1000.
    EXPECT_EQ(batches.size(), 11u);
}

TEST(SplitLogBatch, LongParamValuesSplitByRequestSize) {
    LogBatch all;
    for (int i = 0; i < 100; ++i)
        all.params.push_back({fmt::format("p{}", i), std::string(6000, 'x')});
    BatchLimits limits;
    limits.max_request_bytes = 100'000;  // about 16 such params
    auto batches = split_log_batch(all, limits);
    expect_valid_split(all, batches, limits);
    EXPECT_GT(batches.size(), 5u);
    for (const auto& b : batches) {
        std::size_t bytes = 0;
        for (const auto& p : b.params) bytes += encoded_size(p);
        EXPECT_LE(bytes, limits.max_request_bytes);
    }
}

TEST(SplitLogBatch, OversizedSingleEntityStillGoesAlone) {
    LogBatch all;
    all.params.push_back({"big", std::string(5000, 'x')});
    all.params.push_back({"small", "1"});
    BatchLimits limits;
    limits.max_request_bytes = 1000;
    auto batches = split_log_batch(all, limits);
    ASSERT_EQ(batches.size(), 2u);
    EXPECT_EQ(batches[0].params[0].key, "big");
}

TEST(SanitizeKey, ValidNamesUnchanged) {
    EXPECT_EQ(sanitize_key("event_f1"), "event_f1");
    EXPECT_EQ(sanitize_key("eval/unit-003/f1 score:1.0"), "eval/unit-003/f1 score:1.0");
}

TEST(SanitizeKey, InvalidCharactersAndPathsRewritten) {
    EXPECT_EQ(sanitize_key("a=b"), "a_b");
    EXPECT_EQ(sanitize_key("f1@unit#3"), "f1_unit_3");
    EXPECT_EQ(sanitize_key("/a//b/"), "a/b");
    EXPECT_EQ(sanitize_key("./a/../b"), "a/__/b");
    EXPECT_EQ(sanitize_key(""), "_");
    EXPECT_EQ(sanitize_key("."), "_");
    EXPECT_EQ(sanitize_key(std::string(300, 'k')).size(), 250u);
}
