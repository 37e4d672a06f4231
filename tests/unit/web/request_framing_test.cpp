// Where a request ends, as the connection reactor sees it.
#include "web/request_framing.hpp"

#include <gtest/gtest.h>

#include <string>

namespace heatloop::web {
namespace {

using State = RequestFrame::State;

RequestFrame frame(const std::string& s) {
    return frame_request(s, 1024, 100);
}

TEST(RequestFraming, HeadersArriveLineByLine) {
    std::string r = "GET /api/v1/units HTTP/1.1\r\n";
    EXPECT_EQ(frame(r).state, State::incomplete);
    r += "Host: x\r\n";
    EXPECT_EQ(frame(r).state, State::incomplete);
    EXPECT_FALSE(frame(r).headers_done);
    r += "\r\n";
    EXPECT_EQ(frame(r).state, State::complete);
    EXPECT_TRUE(frame(r).headers_done);
}

TEST(RequestFraming, AContentLengthBodyMustArriveWhole) {
    std::string r = "POST /api/v1/labels HTTP/1.1\r\ncontent-LENGTH: 5\r\n\r\n";
    EXPECT_EQ(frame(r).state, State::incomplete);
    EXPECT_TRUE(frame(r).headers_done);
    r += "{\"a\"";
    EXPECT_EQ(frame(r).state, State::incomplete);
    r += "}";
    EXPECT_EQ(frame(r).state, State::complete);
    r += "GET / HTTP/1.1\r\n";  // the start of a pipelined request does not matter
    EXPECT_EQ(frame(r).state, State::complete);
}

TEST(RequestFraming, BodiesHttplibMustReadOrRefuseAreLeftToIt) {
    EXPECT_EQ(frame("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").state,
              State::complete);
    EXPECT_EQ(frame("POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n").state,
              State::complete);
    EXPECT_EQ(frame("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n").state, State::complete);
    EXPECT_EQ(frame("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n").state, State::complete);
    EXPECT_EQ(frame("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n").state,
              State::complete);
}

TEST(RequestFraming, HeadersBeyondTheLimitAreTooLarge) {
    std::string r = "GET / HTTP/1.1\r\n";
    while (r.size() < 1024) r += "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    EXPECT_EQ(frame(r).state, State::headers_too_large);
    EXPECT_EQ(frame(r + "\r\n").state, State::headers_too_large);
    // A bare LF does not end headers for httplib either: no blank line yet.
    EXPECT_EQ(frame("GET / HTTP/1.1\n\n").state, State::incomplete);
}

}  // namespace
}  // namespace heatloop::web
