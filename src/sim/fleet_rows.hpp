#pragma once
// Row formats of the simulator's output files (internal to src/sim): one function per file,
// so every column's format is in one place (and documented in docs/simulator.md).

#include "heatloop/io/csv_writer.hpp"
#include "heatloop/sim/unit_config.hpp"
#include "heatloop/sim/unit_sim.hpp"
#include "heatloop/sim/weather.hpp"

namespace heatloop::sim::rows {

// sensors.csv
void sensors_header(io::CsvBuffer& out);
void sensors_row(io::CsvBuffer& out, const std::string& unit_id, const Sample& s);

// weather.csv: the rows of one location with times in [start, end).
void weather_header(io::CsvBuffer& out);
void weather_rows(io::CsvBuffer& out, const WeatherSeries& w, Timestamp start, Timestamp end);

// smartmeter.csv and smartmeter_hp.csv
void smartmeter_header(io::CsvBuffer& out);
void smartmeter_row(io::CsvBuffer& out, const std::string& id, Timestamp t, double kw);

// units.csv
void units_header(io::CsvBuffer& out);
void units_row(io::CsvBuffer& out, const UnitConfig& u, const ClimateParams& climate);

// households.csv
void households_header(io::CsvBuffer& out);
void households_row(io::CsvBuffer& out, const std::string& id, bool has_heat_pump,
                    const std::string& location, const HouseholdProfile& h);

// Averages a power over fixed intervals (the smart meter's 15 minutes) and emits a row per
// completed interval.
class IntervalMeter {
public:
    IntervalMeter(std::string id, Timestamp start, Duration interval)
        : id_(std::move(id)), start_(start), interval_(interval) {}
    // Adds `kw` over [t, t + dt); dt must not straddle an interval boundary.
    void add(io::CsvBuffer& out, Timestamp t, Duration dt, double kw);

private:
    std::string id_;
    Timestamp start_;
    Duration interval_;
    double kwms_ = 0;
};

}  // namespace heatloop::sim::rows
