// The label file reader on CSV text (what `labels import` reads). It never throws: every
// problem is listed with its line. Each row it accepts is a valid label, and the accepted
// rows survive an export and a re-import unchanged (CSV and JSON).
#include <cstdint>
#include <string_view>

#include "fuzz_labels.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    heatloop::fuzz::check_label_text(std::string_view(reinterpret_cast<const char*>(data), size),
                                     heatloop::store::LabelFileFormat::csv);
    return 0;
}
