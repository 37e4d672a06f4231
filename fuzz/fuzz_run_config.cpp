// The run config parser (`heatloop run CONFIG.toml`) on TOML text: TOML syntax, the tables
// and keys, the model registry's params, the alarm policy and the evaluation settings. It
// either returns a config or throws InvalidInputError naming the file; a config it returns
// parses again from its own text to the same settings.
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/runner/run_config.hpp"

using namespace heatloop;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const runner::RunConfig c = runner::parse_run_config(text, "fuzz.toml");
        FUZZ_CHECK(!c.model.empty());
        const runner::RunConfig again = runner::parse_run_config(c.text, "fuzz.toml");
        FUZZ_CHECK(again.model == c.model && again.params == c.params &&
                   again.data.split == c.data.split && again.seed == c.seed);
    } catch (const InvalidInputError& e) {
        FUZZ_CHECK(std::string(e.what()).starts_with("fuzz.toml"));
    }
    return 0;
}
