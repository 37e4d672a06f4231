#include "io/detect_format.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::io;

namespace {
InputFormat detect(std::vector<std::string> header,
                   const std::map<std::string, std::string>& map = {}) {
    return detect_format(analyze_header(header, ColumnMapper(map)), "f.csv");
}
}  // namespace

TEST(DetectFormat, EachFormat) {
    EXPECT_EQ(detect({"timestamp", "unit_id", "t_supply", "t_return"}), InputFormat::wide);
    EXPECT_EQ(detect({"timestamp", "kWh_aggregated", "kWh_heat_pump"}),
              InputFormat::household_meter);
    EXPECT_EQ(detect({"unit_id", "timestamp", "channel", "value"}), InputFormat::long_form);
    EXPECT_EQ(detect({"id", "datetime", "load"}), InputFormat::smartmeter);
    EXPECT_EQ(detect({"timestamp", "location", "outdoor_temp"}), InputFormat::weather);
    EXPECT_EQ(detect({"timestamp", "location_or_unit", "outdoor_temp", "solar_radiation"}),
              InputFormat::weather);
    EXPECT_EQ(detect({"unit_id", "type", "location"}), InputFormat::units);
    EXPECT_EQ(detect({"timestamp", "value"}), InputFormat::signal);
}

TEST(DetectFormat, AliasesCaseAndSpacing) {
    EXPECT_EQ(detect({" Time ", "Device", "T_Supply"}), InputFormat::wide);
    EXPECT_EQ(detect({"TS", "Unit ID", "x"}), InputFormat::wide);
    EXPECT_EQ(detect({"Device_ID", "Date Time", "Sensor", "Reading"}), InputFormat::long_form);
    EXPECT_EQ(detect({"Meter", "Date", "Consumption"}), InputFormat::smartmeter);
    EXPECT_EQ(detect({"Unit", "HP Type"}), InputFormat::units);
}

TEST(DetectFormat, ColumnMapAppliesFirst) {
    EXPECT_EQ(detect({"Zeit", "Anlage", "Vorlauf"}, {{"zeit", "timestamp"}, {"anlage", "unit_id"}}),
              InputFormat::wide);
    Header h = analyze_header({"Zeit", "Vorlauf (BT2)"},
                              ColumnMapper({{"Zeit", "timestamp"}, {"vorlauf (bt2)", "T_SUPPLY"}}));
    EXPECT_EQ(h.columns[0].role, Role::time);
    EXPECT_EQ(h.columns[1].name, "t_supply");
    EXPECT_EQ(h.columns[1].raw, "Vorlauf (BT2)");
    EXPECT_EQ(h.names(), "Zeit, Vorlauf (BT2)");
}

TEST(DetectFormat, RolesAndCounts) {
    Header h = analyze_header({"date", "time", "unit", "temperature"}, ColumnMapper({}));
    EXPECT_EQ(h.count(Role::time), 2);
    EXPECT_EQ(h.find(Role::unit), 2);
    EXPECT_EQ(h.find(Role::outdoor), 3);
    EXPECT_EQ(h.find(Role::load), -1);
}

TEST(DetectFormat, UnrecognisedHeaders) {
    for (auto header : std::vector<std::vector<std::string>>{
             {"a", "b", "c"}, {"timestamp"}, {"unit_id"}, {"timestamp", "unit_id"}}) {
        try {
            detect(header);
            FAIL() << header.size();
        } catch (const InvalidInputError& e) {
            std::string m = e.what();
            EXPECT_EQ(m.rfind("f.csv: unrecognised header (", 0), 0u) << m;
            EXPECT_NE(m.find(accepted_formats()), std::string::npos);
        }
    }
}
