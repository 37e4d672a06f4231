// The telemetry readers (wide, long, signal and every other format) through read_file, the
// entry ingest uses, on the bytes as a file. The first two bytes choose the options: format,
// --on-error, --tz, threads, and small blocks and buffers so block edges and unit flushes
// are hit on small inputs. A read either returns data or throws InvalidInputError; the
// chunks it hands on are sorted, unique in time and aligned.
#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_check.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/core/text.hpp"
#include "heatloop/io/read.hpp"
#include "io/read_tuning.hpp"

namespace fs = std::filesystem;
using namespace heatloop;

namespace {

// One file per process, rewritten per input: in /dev/shm (memory) when there is one.
const fs::path& input_file() {
    static const fs::path file = [] {
        fs::path dir = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        dir /= "heatloop-fuzz-csv-" + std::to_string(::getpid());
        fs::create_directories(dir);
        // "<unit>__<channel>.csv": a signal file names its unit and channel.
        return dir / "u1__t_supply.csv";
    }();
    return file;
}

constexpr std::array k_formats{io::InputFormat::auto_detect, io::InputFormat::wide,
                               io::InputFormat::long_form,   io::InputFormat::signal,
                               io::InputFormat::smartmeter,  io::InputFormat::weather,
                               io::InputFormat::units,       io::InputFormat::households};
constexpr std::array k_zones{"", "UTC", "Europe/Zurich", "America/New_York"};

void check_chunk(const UnitFrame& f) {
    FUZZ_CHECK(f.rows() > 0);
    for (std::size_t i = 1; i < f.rows(); ++i) FUZZ_CHECK(f.time()[i - 1] < f.time()[i]);
    for (const Channel& c : f.channels()) FUZZ_CHECK(c.values.size() == f.rows());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint8_t opt = data[0], block = data[1];
    {
        std::ofstream out(input_file(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data + 2), static_cast<std::streamsize>(size - 2));
    }
    io::ReadOptions ro;
    ro.format = k_formats[opt & 7];
    ro.on_error = (opt & 8) ? io::OnError::skip : io::OnError::fail;
    ro.tz = k_zones[(opt >> 4) & 3];
    ro.threads = (opt & 64) ? 2 : 1;
    // Meter values as energy per interval: household_meter files (auto-detected) read past
    // the unit check.
    ro.energy_per_interval = (block & 1) != 0;
    io::ReadTuning tuning;
    if (opt & 128) {
        tuning.block_size = 16 + std::size_t{block} * 4;
        tuning.buffers.idle_rows = 1 + block % 8;
        tuning.buffers.max_cells = 8 + block;
    }
    try {
        const io::ReadSummary s = io::read_file_tuned(
            input_file(), ro, [](UnitFrame&& chunk) { check_chunk(chunk); }, tuning);
        FUZZ_CHECK(s.rows > 0);
        FUZZ_CHECK(s.format != io::InputFormat::auto_detect);
        FUZZ_CHECK(s.skipped.size() <= io::k_max_skipped_kept);
        FUZZ_CHECK(s.skipped.size() <= s.skipped_count);
        for (const io::Problem& p : s.skipped) FUZZ_CHECK(!p.str().empty());
    } catch (const InvalidInputError& e) {
        FUZZ_CHECK(*e.what() != '\0');
    }
    return 0;
}
