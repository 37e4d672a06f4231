#include "io/column_map.hpp"

#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using heatloop::io::test::TempDir;

TEST(ColumnMap, Keys) {
    EXPECT_EQ(lower_trim("  Supply Line (BT2) "), "supply line (bt2)");
    EXPECT_EQ(alias_key(" Unit ID "), "unit_id");
    EXPECT_EQ(alias_key("date-time"), "date_time");
    EXPECT_EQ(alias_key("Location . Or - Unit"), "location_or_unit");
}

TEST(ColumnMap, MapperMatchesCaseInsensitivelyAndSpellsStandardNames) {
    ColumnMapper m({{"Supply line (BT2)", " t_supply "}, {"Flow", "My Flow"}});
    EXPECT_EQ(m.map(" supply LINE (bt2)"), "t_supply");
    EXPECT_EQ(m.map("other"), "other");
    EXPECT_EQ(m.channel_name("T_RETURN"), "t_return");
    EXPECT_EQ(m.channel_name("flow"), "My Flow") << "non-standard names keep their case";
    EXPECT_EQ(m.channel_name(" Custom_1 "), "Custom_1");
}

TEST(ColumnMap, LoadsEqualsAndCsvFiles) {
    TempDir dir;
    auto eq = dir.write("map.txt",
                        "# vendor export of brand X\n"
                        "Supply line (BT2)=t_supply\n"
                        "\n"
                        "  Return line (BT3) = t_return  \n"
                        "Sensor #2=t_indoor\n");
    auto m = load_column_map(eq);
    EXPECT_EQ(m.size(), 3u);
    EXPECT_EQ(m.at("Return line (BT3)"), "t_return");
    EXPECT_EQ(m.at("Sensor #2"), "t_indoor") << "'#' only starts a comment at the line start";

    auto csv = dir.write("map.csv",
                         "column,channel\r\n\"Vorlauf, BT2\",t_supply\r\nRuecklauf;t_return\r\n");
    auto m2 = load_column_map(csv);
    EXPECT_EQ(m2.size(), 2u) << "the header line is skipped";
    EXPECT_EQ(m2.at("Vorlauf, BT2"), "t_supply");
    EXPECT_EQ(m2.at("Ruecklauf"), "t_return") << "the delimiter is detected per line";
}

TEST(ColumnMap, BadLinesNameFileAndLine) {
    TempDir dir;
    auto p = dir.write("bad.txt", "a=b\njust words\n");
    try {
        load_column_map(p);
        FAIL();
    } catch (const InvalidInputError& e) {
        EXPECT_NE(std::string(e.what()).find(p.string() + ":2: expected 'vendor column "
                                                          "name=channel' or two CSV columns"),
                  std::string::npos)
            << e.what();
    }
    auto twice = dir.write("twice.txt", "a=b\na=c\n");
    EXPECT_THROW(load_column_map(twice), InvalidInputError);
    auto same = dir.write("same.txt", "a=b\na=b\n");
    EXPECT_EQ(load_column_map(same).size(), 1u);
    EXPECT_THROW(load_column_map(dir.path() / "none.txt"), NotFoundError);
}
