// Unit ids as file names: safe, distinct, readable where possible.
#include <gtest/gtest.h>

#include <set>

#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"

using namespace heatloop;
using namespace heatloop::io;

namespace {
std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
}  // namespace

TEST(WorkspaceEscape, SafeIdsStayReadable) {
    EXPECT_EQ(escape_file_name("hp-001"), "hp-001");
    EXPECT_EQ(escape_file_name("site_3.unit.7"), "site_3.unit.7");
}

TEST(WorkspaceEscape, UnsafeBytesArePercentEncoded) {
    EXPECT_EQ(escape_file_name("a/b"), "a%2Fb");
    EXPECT_EQ(escape_file_name(".."), "%2E.");
    EXPECT_EQ(escape_file_name(".hidden"), "%2Ehidden");
    EXPECT_EQ(escape_file_name("a b%"), "a%20b%25");
    EXPECT_EQ(escape_file_name("Zürich").find_first_of("/\\ü"), std::string::npos);
    for (const char* id : {"a/b", "..", "../../etc/passwd", "x\\y", "a:b", "a\nb"}) {
        const std::string n = escape_file_name(id);
        EXPECT_EQ(n.find('/'), std::string::npos) << id;
        EXPECT_NE(n.front(), '.') << id;
    }
}

TEST(WorkspaceEscape, DistinctIdsGiveDistinctNamesEvenIgnoringCase) {
    const std::vector<std::string> ids{"u1", "U1", "a/b", "a%2Fb", "a b", "a_b", "A_B", "a.b"};
    std::set<std::string> names;
    for (const auto& id : ids) names.insert(lower(escape_file_name(id)));
    EXPECT_EQ(names.size(), ids.size());
}

TEST(WorkspaceEscape, LongIdsAreCutWithAHash) {
    const std::string a(400, 'x'), b = a + "y";
    const std::string c = std::string(99, 'x') + "/" + std::string(300, 'x');
    for (const auto& id : {a, b, c}) EXPECT_LE(escape_file_name(id).size(), 130u);
    EXPECT_NE(escape_file_name(a), escape_file_name(b));
    EXPECT_EQ(escape_file_name(c).find("%2~"), std::string::npos);  // no half escape
}

TEST(WorkspaceEscape, EmptyIdIsRejected) {
    EXPECT_THROW(escape_file_name(""), InvalidInputError);
}
