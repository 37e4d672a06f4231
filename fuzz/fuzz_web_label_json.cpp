// The web API's label create (POST /api/v1/labels) and edit (PATCH /api/v1/labels/{id})
// request bodies, parsed as the handlers parse them, without a server or a database. The
// first byte picks the request. Bad input is an ApiError 400 bad_request naming a field;
// anything accepted is a label the store may take (times within years 1..9999, start before
// end, confidence within 0..1).
#include <cmath>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "heatloop/web/api_error.hpp"
#include "web/label_input.hpp"

using namespace heatloop;

namespace {

constexpr std::int64_t k_min_ms = -62135596800000, k_max_ms = 253402300799999;

bool in_range(std::int64_t t) {
    return t >= k_min_ms && t <= k_max_ms;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const nlohmann::json body = web::parse_json_body(text);
        FUZZ_CHECK(body.is_object());
        if (data[0] & 1) {
            const web::LabelEdit e = web::label_edit_from_body(body);
            const store::LabelPatch& p = e.patch;
            FUZZ_CHECK(!p.empty());
            if (p.start) FUZZ_CHECK(in_range(*p.start));
            if (p.end) FUZZ_CHECK(in_range(*p.end));
            if (p.start && p.end) FUZZ_CHECK(*p.start < *p.end);
            if (p.confidence)
                FUZZ_CHECK(std::isfinite(*p.confidence) && *p.confidence >= 0.0 &&
                           *p.confidence <= 1.0);
            if (p.category) FUZZ_CHECK(p.category->size() <= 64);
        } else {
            const store::LabelDraft d = web::label_draft_from_body(body);
            FUZZ_CHECK(!d.unit_id.empty() && !d.category.empty() && d.category.size() <= 64);
            FUZZ_CHECK(in_range(d.start) && in_range(d.end) && d.start < d.end);
            FUZZ_CHECK(std::isfinite(d.confidence) && d.confidence >= 0.0 && d.confidence <= 1.0);
            // The reply echoes the fields back as JSON.
            FUZZ_CHECK(
                !nlohmann::json({{"unit_id", d.unit_id}, {"notes", d.notes}}).dump().empty());
        }
    } catch (const web::ApiError& e) {
        FUZZ_CHECK(e.status() == 400 && e.code() == "bad_request" && e.field().has_value());
    }
    return 0;
}
