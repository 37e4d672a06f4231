#include <gtest/gtest.h>

#include "heatloop/core/error.hpp"
#include "heatloop/io/read.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using namespace heatloop::io::test;

TEST(ReadSignal, UnitAndChannelFromFileName) {
    TempDir dir;
    auto p = dir.write_gz("hp-12__T_Supply.csv.gz",
                          "timestamp,value\n2024-01-01T00:01:00Z,36\n2024-01-01T00:00:00Z,35\n");
    ReadResult r = read_all(p);
    EXPECT_EQ(r.summary.format, InputFormat::signal);
    const UnitFrame& f = r.one("hp-12");
    EXPECT_EQ(f.channel_names(), std::vector<std::string>{"t_supply"});
    EXPECT_EQ(f.at("t_supply").values, (std::vector<double>{35, 36}));
}

TEST(ReadSignal, OptionsAndHeaderName) {
    TempDir dir;
    auto p = dir.write("export.csv", "time,Vorlauf\n2024-01-01T00:00:00Z,35\n");
    ReadOptions o;
    o.signal_unit = "hp1";
    o.column_map = {{"Vorlauf", "t_supply"}};
    ReadResult r = read_all(p, o);
    EXPECT_EQ(r.one("hp1").channel_names(), std::vector<std::string>{"t_supply"});
    o.signal_channel = "t_return";
    ReadResult r2 = read_all(p, o);
    EXPECT_EQ(r2.one("hp1").channel_names(), std::vector<std::string>{"t_return"});
}

TEST(ReadSignal, NamelessSignalIsAnError) {
    TempDir dir;
    auto p = dir.write("plain.csv", "timestamp,value\n2024-01-01T00:00:00Z,35\n");
    EXPECT_NE(read_error(p).find("cannot tell which channel"), std::string::npos);
}
