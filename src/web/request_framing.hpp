#pragma once
// Where one HTTP/1.1 request ends in the bytes received so far, as far as the connection
// reactor (connection_server.cpp) needs to know: a connection is handed to a worker only
// once its request line, headers and (Content-Length) body have all arrived, so clients
// that send slowly hold no worker while they do.

#include <cstddef>
#include <string_view>

namespace heatloop::web {

// What the bytes at the start of a request buffer hold.
struct RequestFrame {
    enum class State {
        incomplete,         // wait for more bytes
        complete,           // a worker can handle the request without waiting on the client
        headers_too_large,  // no blank line within the header limit: answer 431 and close
    };
    State state = State::incomplete;
    bool headers_done = false;  // the blank line after the headers has arrived
};

// Frames `buffer` (which starts at a request line). Complete once the headers have arrived
// and then: no body, the whole Content-Length body, or a body the reactor leaves to
// httplib (chunked, "Expect: 100-continue", or larger than `max_body_bytes`, which httplib
// refuses with 413).
RequestFrame frame_request(std::string_view buffer, std::size_t max_header_bytes,
                           std::size_t max_body_bytes);

}  // namespace heatloop::web
