#include "heatloop/prep/scaler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::prep;

namespace {
constexpr double N = k_missing;

UnitFrame frame_of(std::vector<std::pair<std::string, std::vector<double>>> channels,
                   std::string unit = "u1") {
    UnitFrame f(std::move(unit));
    f.set_grid(0, k_minute_ms, channels.front().second.size());
    for (auto& [name, values] : channels) f.get_or_add(name).values = std::move(values);
    return f;
}
}  // namespace

TEST(Scaler, StandardUsesMeanAndPopulationStd) {
    UnitFrame train = frame_of({{"a", {1, 2, 3, 4, N}}, {"flat", {5, 5, 5, 5, 5}}});
    Scaler s = Scaler::fit(train, ScalerKind::standard);
    // mean 2.5; std sqrt((2.25 + 0.25 + 0.25 + 2.25) / 4) = sqrt(1.25).
    EXPECT_EQ(s.channels().at("a"), (ChannelScale{2.5, std::sqrt(1.25)}));
    EXPECT_EQ(s.channels().at("flat"), (ChannelScale{5, 1}));  // no spread: only centred

    UnitFrame f = frame_of({{"a", {1, 4, N}}, {"flat", {5, 6, 7}}, {"extra", {9, 9, 9}}});
    s.transform(f);
    EXPECT_DOUBLE_EQ(f.at("a").values[0], -1.5 / std::sqrt(1.25));
    EXPECT_DOUBLE_EQ(f.at("a").values[1], 1.5 / std::sqrt(1.25));
    EXPECT_TRUE(std::isnan(f.at("a").values[2]));
    EXPECT_EQ(f.at("flat").values, (std::vector<double>{0, 1, 2}));
    EXPECT_EQ(f.at("extra").values, (std::vector<double>{9, 9, 9}));  // not fitted: untouched
    s.inverse_transform(f);
    EXPECT_DOUBLE_EQ(f.at("a").values[0], 1);
    EXPECT_DOUBLE_EQ(f.at("a").values[1], 4);
    EXPECT_EQ(f.at("flat").values, (std::vector<double>{5, 6, 7}));
}

TEST(Scaler, RobustUsesMedianAndIqr) {
    // median 3; q25 = 2, q75 = 4 (linear interpolation) -> IQR 2.
    Scaler s = Scaler::fit(frame_of({{"a", {1, 2, 3, 4, 100}}}), ScalerKind::robust);
    EXPECT_EQ(s.channels().at("a"), (ChannelScale{3, 2}));
    UnitFrame f = frame_of({{"a", {100, 3, 2}}});
    s.transform(f);
    EXPECT_EQ(f.at("a").values, (std::vector<double>{48.5, 0, -0.5}));
}

TEST(Scaler, FitsPooledFramesAndSelectedChannels) {
    UnitFrame u1 = frame_of({{"a", {1, 2}}, {"b", {0, 0}}}, "u1");
    UnitFrame u2 = frame_of({{"a", {3, 4}}, {"b", {0, 0}}}, "u2");
    Scaler s = Scaler::fit({&u1, &u2}, ScalerKind::standard, {"a"});
    ASSERT_EQ(s.channels().size(), 1u);
    EXPECT_EQ(s.channels().at("a").center, 2.5);
    EXPECT_THROW(Scaler::fit(u1, ScalerKind::standard, {"zz"}), NotFoundError);
    try {
        Scaler::fit(frame_of({{"a", {N, N}}}), ScalerKind::robust);
        FAIL() << "expected InvalidInputError";
    } catch (const InvalidInputError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("robust scaler: channel a has no present value"));
    }
}

TEST(Scaler, EmptyScalerChangesNothing) {
    Scaler empty;
    UnitFrame f = frame_of({{"a", {1, 2}}});
    empty.transform(f);
    EXPECT_EQ(f.at("a").values, (std::vector<double>{1, 2}));
    EXPECT_EQ(empty.to_json().dump(), R"({"channels":{},"format_version":1,"kind":"standard"})");
}

TEST(Scaler, JsonDocumentRoundTrip) {
    Scaler s = Scaler::fit(frame_of({{"t_supply", {30, 31, 35}}, {"t_return", {25, 26, 29.5}}}),
                           ScalerKind::standard);
    const nlohmann::json doc = s.to_json();
    EXPECT_EQ(doc["format_version"], 1);
    EXPECT_EQ(doc["kind"], "standard");
    EXPECT_EQ(doc["channels"]["t_supply"]["mean"], 32);
    EXPECT_TRUE(doc["channels"]["t_return"].contains("std"));
    Scaler back = Scaler::from_json(nlohmann::json::parse(doc.dump()));
    EXPECT_EQ(back.kind(), ScalerKind::standard);
    EXPECT_EQ(back.channels(), s.channels());  // bit-exact doubles

    Scaler robust = Scaler::fit(frame_of({{"a", {1, 2, 3, 4, 100}}}), ScalerKind::robust);
    const auto path = std::filesystem::temp_directory_path() / "heatloop_prep_scaler_test.json";
    robust.save(path);
    Scaler loaded = Scaler::load(path);
    std::filesystem::remove(path);
    EXPECT_EQ(loaded.kind(), ScalerKind::robust);
    EXPECT_EQ(loaded.channels(), robust.channels());
    EXPECT_EQ(robust.to_json()["channels"]["a"], (nlohmann::json{{"median", 3.0}, {"iqr", 2.0}}));
}

TEST(Scaler, BadDocumentsAndMissingChannels) {
    auto message = [](const nlohmann::json& doc) {
        try {
            Scaler::from_json(doc);
        } catch (const InvalidInputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    nlohmann::json doc = {{"format_version", 2}, {"kind", "standard"}, {"channels", {}}};
    EXPECT_THAT(message(doc), testing::HasSubstr("format_version 2 is not supported"));
    doc["format_version"] = 1;
    doc["kind"] = "minmax";
    EXPECT_THAT(message(doc), testing::HasSubstr("'minmax' (valid: standard, robust)"));
    doc["kind"] = "robust";
    doc["channels"] = {{"a", {{"mean", 1}, {"std", 2}}}};
    EXPECT_THAT(message(doc), testing::HasSubstr("channel a needs a number field median"));
    doc["channels"] = {{"a", {{"median", 1}, {"iqr", 0}}}};
    EXPECT_THAT(message(doc), testing::HasSubstr("center 1 scale 0"));
    EXPECT_THROW(Scaler::load("/nonexistent/dir/scaler.json"), IoError);

    Scaler s =
        Scaler::fit(frame_of({{"t_supply", {1, 2}}, {"t_return", {1, 3}}}), ScalerKind::standard);
    UnitFrame f = frame_of({{"t_supply", {1, 2}}}, "u7");
    try {
        s.transform(f);
        FAIL() << "expected NotFoundError";
    } catch (const NotFoundError& e) {
        EXPECT_THAT(e.what(), testing::HasSubstr("fitted on channel t_return, but unit u7 has no "
                                                 "such channel (channels: t_supply)"));
    }
    EXPECT_EQ(f.at("t_supply").values, (std::vector<double>{1, 2}));  // nothing changed
}
