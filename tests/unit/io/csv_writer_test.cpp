#include "heatloop/io/csv_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "heatloop/core/error.hpp"

using namespace heatloop;
using namespace heatloop::io;

TEST(CsvWriter, FixedDecimalsAreExactAndSignless) {
    CsvBuffer b;
    b.fixed(1.005, 2).fixed(-0.001, 2).fixed(-1.25, 1).fixed(20.0, 0).fixed(3.14159, 3);
    b.fixed(std::nan(""), 2).fixed(std::numeric_limits<double>::infinity(), 2).fixed(-7.5, 0);
    b.fixed(123456.7891, 4).fixed(0.5, 0);
    b.end_row();
    EXPECT_EQ(b.text(), "1.00,0.00,-1.3,20,3.142,,,-8,123456.7891,1\n");
    EXPECT_EQ(b.rows(), 1u);
}

TEST(CsvWriter, FieldsQuoteWhenNeeded) {
    CsvBuffer b;
    b.field("plain").field("a,b").field("say \"hi\"").field(std::int64_t{-42}).field(7u).empty();
    b.end_row();
    b.row({"x", "y"});
    EXPECT_EQ(b.text(), "plain,\"a,b\",\"say \"\"hi\"\"\",-42,7,\nx,y\n");
}

TEST(CsvWriter, TimestampsMatchFormatIso) {
    CsvBuffer b;
    for (Timestamp t :
         {Timestamp{0}, Timestamp{1704067200000}, Timestamp{1704067200000 + 86399999},
          Timestamp{951782400000 + 1500}, Timestamp{-1000}, Timestamp{1709164800000}}) {
        b.clear();
        b.timestamp(t);
        EXPECT_EQ(b.text(), format_iso(t));
    }
}

TEST(CsvWriter, FileAppearsOnlyOnCommit) {
    auto dir = std::filesystem::temp_directory_path() / "heatloop_csv_writer_test";
    std::filesystem::create_directories(dir);
    auto path = dir / "out.csv";
    std::filesystem::remove(path);
    {
        CsvFileWriter w(path, 16);
        w.buffer().row({"a", "b"});
        w.flush_if_full();
        w.append("1,2\n3,4\n", 2);
        EXPECT_FALSE(std::filesystem::exists(path));
        w.commit();
        EXPECT_EQ(w.rows(), 3u);
        EXPECT_EQ(w.bytes(), 12u);
    }
    std::ifstream in(path);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(all, "a,b\n1,2\n3,4\n");
    {
        CsvFileWriter abandoned(dir / "never.csv");
        abandoned.buffer().row({"x"});
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "never.csv"));
    EXPECT_FALSE(std::filesystem::exists(dir / "never.csv.tmp"));
    EXPECT_THROW(CsvFileWriter(dir / "missing" / "x.csv"), IoError);
    std::filesystem::remove_all(dir);
}
