#pragma once
/// Label files of a simulation: the ground truth (every injected fault, confirmed, by the
/// simulator) and a noisy "initial" set like one a service team would have collected, with
/// missed, shifted, mis-categorised, spurious and unreviewed labels at documented rates.

#include <string>
#include <vector>

#include "heatloop/io/csv_writer.hpp"
#include "heatloop/sim/faults.hpp"

namespace heatloop::sim {

/// One label row (DESIGN.md "Labels"): [start, end) half-open.
struct Label {
    std::string unit_id;
    Timestamp start = 0, end = 0;
    std::string category;
    double confidence = 1.0;
    std::string status;    ///< proposed | confirmed | rejected
    std::string reviewer;  ///< "" when nobody reviewed it
    std::string notes;
};

/// How the initial labels deviate from the truth. Rates are per truth label unless noted.
struct LabelNoise {
    double miss_rate = 0.20;               ///< never reported
    double shift_rate = 0.30;              ///< start and end off by 10-50 % of the length (<= 12 h)
    double miscategory_rate = 0.05;        ///< reported under another category
    double unreviewed_rate = 0.25;         ///< status proposed, confidence 0.3-0.7, no reviewer
    double spurious_per_unit_year = 1.5;   ///< labels of faults that never happened
    Duration rounding = 15 * k_minute_ms;  ///< people draw labels on a coarse grid
};

/// Ground truth: one confirmed label per fault, confidence 1, reviewer "simulator".
std::vector<Label> truth_labels(const std::string& unit_id, const std::vector<Fault>& faults);

/// The noisy initial labels of one unit over [start, end), sorted by start.
std::vector<Label> initial_labels(const std::string& unit_id, const std::vector<Label>& truth,
                                  Timestamp start, Timestamp end, const LabelNoise& noise,
                                  Rng& rng);

/// The label file header: unit_id,start,end,category,confidence,status,reviewer,notes.
void write_label_header(io::CsvBuffer& out);
/// One label row.
void write_label(io::CsvBuffer& out, const Label& label);

}  // namespace heatloop::sim
