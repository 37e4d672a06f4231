#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

TEST(ReadUnits, RowsWithExtraColumns) {
    TempDir dir;
    auto p = dir.write("units.csv",
                       "unit_id,type,location,install_year,\"notes, free text\"\n"
                       "hp1,ASHP,Zurich,2019,\"quiet, \"\"new\"\"\"\n"
                       "hp2,GSHP,Bern,,\n"
                       "hp1,ASHP,Zurich,2019,\"quiet, \"\"new\"\"\"\n");
    bool called = false;
    ReadSummary s = read_file(p, {}, [&](UnitFrame&&) { called = true; });
    EXPECT_FALSE(called);
    EXPECT_EQ(s.format, InputFormat::units);
    EXPECT_EQ(s.rows, 3u);
    EXPECT_EQ(s.duplicates_dropped, 1u);
    ASSERT_EQ(s.units.size(), 2u);
    UnitInfo hp1{"hp1",
                 "ASHP",
                 "Zurich",
                 {{"install_year", "2019"}, {"notes, free text", "quiet, \"new\""}}};
    EXPECT_EQ(s.units[0], hp1);
    EXPECT_EQ(s.units[1].type, "GSHP");
    EXPECT_EQ(s.units[1].extra.at("install_year"), "");
}

TEST(ReadUnits, ConflictingRowsAndAliases) {
    TempDir dir;
    auto p =
        dir.write("units.csv", "Unit ID;Heat Pump Type;Site\nhp1;ASHP;Zurich\nhp1;GSHP;Zurich\n");
    std::string err = read_error(p);
    EXPECT_NE(err.find(p.string() + ":3:1: unit hp1 listed twice with different fields (first on "
                                    "line 2"),
              std::string::npos)
        << err;
    ReadResult r = read_all(p, skipping());
    ASSERT_EQ(r.summary.units.size(), 1u);
    EXPECT_EQ(r.summary.units[0].type, "ASHP");
    EXPECT_EQ(r.summary.units[0].location, "Zurich");
}

TEST(ReadUnits, MetadataWithoutTypeColumn) {
    TempDir dir;
    auto p = dir.write("meta_data.csv",
                       "customer_id,earliest_date,dhw_production\n1058711,2019-03-01,True\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::units);
    ASSERT_EQ(r.summary.units.size(), 1u);
    EXPECT_EQ(r.summary.units[0].unit_id, "1058711");
    EXPECT_EQ(r.summary.units[0].type, "");
    EXPECT_EQ(r.summary.units[0].extra.at("dhw_production"), "True");
}
