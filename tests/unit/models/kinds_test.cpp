// The Classifier and Disaggregator kinds' contracts, through small models defined here (the
// registry has none of these kinds yet; the conformance suite picks registered ones up): what
// the base classes check before a model's own code runs, and the Model base's document.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "heatloop/core/error.hpp"
#include "heatloop/models/classifier.hpp"
#include "heatloop/models/disaggregator.hpp"

using namespace heatloop;
using namespace heatloop::models;
using ::testing::HasSubstr;

namespace {

const std::vector<ParamSpec>& no_params() {
    static const std::vector<ParamSpec> specs;
    return specs;
}

const std::vector<ParamSpec>& period_param() {
    static const std::vector<ParamSpec> specs = {{.name = "period",
                                                  .type = ParamType::duration,
                                                  .default_value = "1d",
                                                  .min = 1,
                                                  .description = "classification period"}};
    return specs;
}

// P(positive) = share of the unit's mean load above the midpoint of the training classes.
class MeanLoadClassifier final : public Classifier {
public:
    MeanLoadClassifier() : Classifier("mean_load", period_param()) { configure(nullptr); }

protected:
    void apply_params(const nlohmann::json&) override {}
    void do_fit(std::span<const UnitFrame> units, std::span<const double> targets,
                const ModelContext&) override {
        double pos = 0, neg = 0, np = 0, nn = 0;
        for (std::size_t i = 0; i < units.size(); ++i) {
            const double m = mean_load(units[i]);
            (targets[i] == 1.0 ? pos : neg) += m;
            (targets[i] == 1.0 ? np : nn) += 1;
        }
        cut_ = (pos / np + neg / nn) / 2;
    }
    std::vector<PeriodProbability> do_predict(const UnitFrame& unit) const override {
        const std::size_t per = duration_rows("period", unit);
        std::vector<PeriodProbability> out;
        for (std::size_t b = 0; b + per <= unit.rows(); b += per) {
            double above = 0;
            for (std::size_t i = b; i < b + per; ++i) above += unit.at("load").values[i] > cut_;
            out.push_back({unit.time()[b],
                           unit.time()[b] + static_cast<Duration>(per) * unit.step(),
                           above / static_cast<double>(per)});
        }
        return out;
    }
    nlohmann::json save_state() const override { return {{"cut", cut_}}; }
    void load_state(const nlohmann::json& s) override { cut_ = s.at("cut").get<double>(); }

private:
    static double mean_load(const UnitFrame& u) {
        double s = 0;
        for (double v : u.at("load").values) s += v;
        return s / static_cast<double>(u.rows());
    }
    double cut_ = 0;
};

// component = learned share x total; the share is kept in a binary side file.
class ShareDisaggregator final : public Disaggregator {
public:
    ShareDisaggregator() : Disaggregator("share", no_params()) { configure(nullptr); }
    std::string total_channel() const override { return "load"; }
    std::string component_channel() const override { return "load_heat_pump"; }

protected:
    void apply_params(const nlohmann::json&) override {}
    void do_fit(std::span<const UnitFrame> units, const ModelContext&) override {
        double c = 0, t = 0;
        for (const auto& u : units)
            for (std::size_t i = 0; i < u.rows(); ++i)
                c += u.at("load_heat_pump").values[i], t += u.at("load").values[i];
        share_ = c / t;
    }
    std::vector<double> do_predict(const UnitFrame& unit) const override {
        std::vector<double> out = unit.at("load").values;
        for (double& v : out) v *= share_;
        return out;
    }
    nlohmann::json save_state() const override { return nlohmann::json::object(); }
    void load_state(const nlohmann::json&) override {}
    std::string save_binary() const override {
        return std::string(reinterpret_cast<const char*>(&share_), sizeof share_);
    }
    void load_binary(std::string_view bytes) override {
        if (bytes.size() != sizeof share_)
            throw InvalidInputError("share model: side file must hold one double");
        std::memcpy(&share_, bytes.data(), sizeof share_);
    }

private:
    double share_ = 0;
};

UnitFrame household(const std::string& id, double level, double hp_share) {
    UnitFrame f(id);
    f.set_grid(0, k_hour_ms, 48);
    // Add both channels first: adding one may move the other.
    f.get_or_add("load");
    f.get_or_add("load_heat_pump");
    auto& load = f.get_or_add("load").values;
    auto& hp = f.get_or_add("load_heat_pump").values;
    for (std::size_t i = 0; i < 48; ++i) {
        load[i] = level * (1.0 + 0.1 * static_cast<double>(i % 3));
        hp[i] = hp_share * load[i];
    }
    return f;
}

}  // namespace

TEST(ClassifierKind, ChecksTargetsAndGivesAProbabilityPerPeriod) {
    const std::vector<UnitFrame> homes{household("a", 1.0, 0), household("b", 3.0, 0.5)};
    MeanLoadClassifier c;
    EXPECT_EQ(c.kind(), ModelKind::classifier);
    EXPECT_THAT([&] { c.fit(homes, std::vector<double>{1.0}, {}); },
                testing::ThrowsMessage<InvalidInputError>(HasSubstr("1 targets for 2 units")));
    EXPECT_THAT(
        [&] {
            c.fit(homes, std::vector<double>{0.0, 0.5}, {});
        },
        testing::ThrowsMessage<InvalidInputError>(HasSubstr("expected 0 or 1")));
    EXPECT_THAT(
        [&] {
            c.fit(homes, std::vector<double>{1.0, 1.0}, {});
        },
        testing::ThrowsMessage<InvalidInputError>(HasSubstr("both classes")));
    EXPECT_FALSE(c.fitted());
    c.fit(homes, std::vector<double>{0.0, 1.0}, {});
    const auto p = c.predict(household("c", 3.0, 0.5));
    ASSERT_EQ(p.size(), 2u);  // two days of hourly data, period 1d
    EXPECT_EQ(p[1].start, k_day_ms);
    EXPECT_DOUBLE_EQ(p[0].probability, 1.0);
    EXPECT_DOUBLE_EQ(c.predict(household("d", 1.0, 0))[0].probability, 0.0);
    // The document carries the kind; another kind's document is refused.
    const nlohmann::json doc = c.save();
    EXPECT_EQ(doc.at("kind"), "classifier");
    MeanLoadClassifier again;
    again.load(doc);
    EXPECT_EQ(again.predict(household("c", 3.0, 0.5))[0].probability, 1.0);
    nlohmann::json other = doc;
    other["kind"] = "disaggregator";
    EXPECT_THROW(again.load(other), InvalidInputError);
}

TEST(DisaggregatorKind, NeedsBothMetersToFitAndRoundTripsItsSideFile) {
    ShareDisaggregator d;
    EXPECT_EQ(d.kind(), ModelKind::disaggregator);
    UnitFrame total_only("t");
    total_only.set_grid(0, k_hour_ms, 10);
    total_only.get_or_add("load");
    EXPECT_THAT(
        [&] { d.fit(std::vector<UnitFrame>{total_only}, {}); },
        testing::ThrowsMessage<InvalidInputError>(HasSubstr("no channel 'load_heat_pump'")));
    d.fit(std::vector<UnitFrame>{household("a", 2.0, 0.25)}, {});
    const auto est = d.predict(total_only);  // predicting needs only the total
    EXPECT_EQ(est.size(), 10u);
    const std::string side = d.save_side_file();
    EXPECT_EQ(side.size(), sizeof(double));
    ShareDisaggregator again;
    EXPECT_THROW(again.load(d.save(), "x"), InvalidInputError);  // damaged side file
    again.load(d.save(), side);
    const UnitFrame h = household("b", 4.0, 0.25);
    const auto a = d.predict(h), b = again.predict(h);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i], b[i]);
        EXPECT_NEAR(a[i], h.at("load_heat_pump").values[i], 1e-12);
    }
}
