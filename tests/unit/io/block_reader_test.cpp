#include "io/block_reader.hpp"

#include <gtest/gtest.h>

#include "io/csv_reader.hpp"
#include "io_test_util.hpp"

using namespace heatloop;
using namespace heatloop::io;
using heatloop::io::test::TempDir;

namespace {
// Every record (line number and fields) a CsvReader gives over the whole file.
using Records = std::vector<std::pair<long, std::vector<std::string>>>;
Records whole_file(const std::filesystem::path& p) {
    LineSource src(p);
    CsvReader csv(src);
    Records out;
    while (csv.next())
        out.emplace_back(csv.line(),
                         std::vector<std::string>(csv.fields().begin(), csv.fields().end()));
    return out;
}
// The same, block by block, renumbering lines as read_dense does.
Records by_blocks(const std::filesystem::path& p, std::size_t block_size, std::size_t* blocks) {
    LineSource src(p, block_size);
    CsvReader header(src);
    BlockReader reader(src, header.delimiter());
    Records out;
    long before = src.line_number();
    TextBlock b;
    *blocks = 0;
    while (reader.next(b)) {
        ++*blocks;
        LineSource lines("block", b.text);
        CsvReader csv(lines, header.delimiter());
        while (csv.next())
            out.emplace_back(before + csv.line(),
                             std::vector<std::string>(csv.fields().begin(), csv.fields().end()));
        before += lines.line_number();
    }
    return out;
}
}  // namespace

TEST(BlockReader, BlocksGiveTheSameRecordsAsOneReader) {
    TempDir dir;
    std::string content = "\xEF\xBB\xBF\nid,text\r\n";
    for (int i = 0; i < 400; ++i) {
        content += std::to_string(i) + ",";
        if (i % 7 == 0)
            content += "\"multi\nline " + std::to_string(i) + "\"";
        else if (i % 11 == 0)
            content += "\"quoted, \"\"comma\"\"\"";
        else
            content += "plain";
        content += i % 3 ? "\n" : "\r\n";
        if (i % 50 == 0) content += "\n";
    }
    content += "400,\"unterminated\nat the end";
    for (auto name : {"plain.csv", "zipped.csv.gz"}) {
        auto p = std::string(name).find(".gz") != std::string::npos ? dir.write_gz(name, content)
                                                                    : dir.write(name, content);
        Records expected = whole_file(p);
        ASSERT_EQ(expected.size(), 401u);
        for (std::size_t block : {16u, 100u, 1000u, 1u << 20}) {
            std::size_t blocks = 0;
            EXPECT_EQ(by_blocks(p, block, &blocks), expected) << name << " block " << block;
            if (block == 100u) {
                EXPECT_GT(blocks, 20u);
            }
        }
    }
}

TEST(BlockReader, CompletePrefixStopsBeforeAnOpenQuote) {
    TempDir dir;
    LineSource src(dir.write("x.csv", "a,b\n"));
    BlockReader reader(src, ',');
    EXPECT_EQ(reader.complete_prefix("1,2\n3,4\n"), 8u);
    EXPECT_EQ(reader.complete_prefix("1,\"x\ny\"\n3,\"open\n"), 8u);
    EXPECT_EQ(reader.complete_prefix("1,\"open\n2,3\n"), 0u);
    EXPECT_EQ(reader.complete_prefix("1,5\" pipe\n2,3\n"), 14u) << "a stray quote opens nothing";
}
