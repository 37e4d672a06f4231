#include "heatloop/sim/labels.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace heatloop::sim {

namespace {

constexpr std::array<std::string_view, 4> k_reviewers{"tech-01", "tech-02", "tech-03", "tech-04"};

// What a service team writes down for each category (same order as FaultCategory).
constexpr std::array<std::string_view, 6> k_field_notes{
    "customer reported a cold house; compressor replaced",
    "refrigerant refilled; leak found at a valve",
    "implausible sensor readings; sensor replaced",
    "frequent compressor starts seen in the portal",
    "circulation pump blocked; pump replaced",
    "high electricity bill; back-up heater relay replaced",
};

Timestamp round_to(Timestamp t, Duration grid) {
    if (grid <= 0) return t;
    Timestamp r = t % grid;
    if (r < 0) r += grid;
    return r * 2 >= grid ? t - r + grid : t - r;
}

std::string_view field_note(std::string_view category) {
    auto c = parse_category(category);
    return c ? k_field_notes[static_cast<std::size_t>(*c)] : "reported by the service team";
}

}  // namespace

std::vector<Label> truth_labels(const std::string& unit_id, const std::vector<Fault>& faults) {
    std::vector<Label> labels;
    for (const Fault& f : faults)
        labels.push_back({unit_id, f.start, f.end, std::string(category_name(f.category)), 1.0,
                          "confirmed", "simulator", f.describe()});
    return labels;
}

std::vector<Label> initial_labels(const std::string& unit_id, const std::vector<Label>& truth,
                                  Timestamp start, Timestamp end, const LabelNoise& noise,
                                  Rng& rng) {
    std::vector<Label> out;
    auto review = [&](Label& l, bool unreviewed, double u_conf, double u_reviewer) {
        if (unreviewed) {
            l.status = "proposed";
            l.confidence = std::round((0.3 + 0.4 * u_conf) * 20.0) / 20.0;
            l.reviewer.clear();
        } else {
            l.status = "confirmed";
            l.confidence = std::round((0.6 + 0.4 * u_conf) * 20.0) / 20.0;
            l.reviewer = k_reviewers[static_cast<std::size_t>(u_reviewer * k_reviewers.size())];
        }
    };
    for (const Label& t : truth) {
        // Draw every number whatever the branches, so one label's fate does not shift the
        // random numbers of the next.
        double u_miss = rng.uniform(), u_shift = rng.uniform(), u_cat = rng.uniform();
        double u_rev = rng.uniform(), u_conf = rng.uniform(), u_who = rng.uniform();
        double s1 = rng.uniform(0.1, 0.5) * (rng.bernoulli(0.5) ? 1 : -1);
        double s2 = rng.uniform(0.1, 0.5) * (rng.bernoulli(0.5) ? 1 : -1);
        auto other = static_cast<std::size_t>(rng.uniform_int(0, k_fault_categories.size() - 2));
        if (u_miss < noise.miss_rate) continue;
        Label l = t;
        if (u_shift < noise.shift_rate) {
            auto len = static_cast<double>(t.end - t.start);
            auto cap = static_cast<double>(12 * k_hour_ms);
            l.start += static_cast<Duration>(std::clamp(s1 * len, -cap, cap));
            l.end += static_cast<Duration>(std::clamp(s2 * len, -cap, cap));
        }
        if (u_cat < noise.miscategory_rate) {
            auto own = parse_category(t.category);
            std::size_t own_i = own ? static_cast<std::size_t>(*own) : 0;
            l.category = category_name(k_fault_categories[other >= own_i ? other + 1 : other]);
        }
        l.start = std::max(start, round_to(l.start, noise.rounding));
        l.end = std::min(end, round_to(l.end, noise.rounding));
        if (l.end <= l.start)
            l.end = std::min(end, l.start + std::max(noise.rounding, k_minute_ms));
        if (l.end <= l.start) continue;
        review(l, u_rev < noise.unreviewed_rate, u_conf, u_who);
        l.notes = field_note(l.category);
        out.push_back(std::move(l));
    }
    double years = static_cast<double>(end - start) / (365.25 * k_day_ms);
    int spurious =
        static_cast<int>(std::floor(noise.spurious_per_unit_year * years + rng.uniform()));
    for (int i = 0; i < spurious; ++i) {
        double hours = std::exp(rng.uniform(std::log(2.0), std::log(72.0)));
        auto len = static_cast<Duration>(hours * k_hour_ms);
        if (end - start <= len) continue;
        Timestamp s =
            start + static_cast<Timestamp>(rng.uniform() * static_cast<double>(end - start - len));
        Label l;
        l.unit_id = unit_id;
        l.start = round_to(s, noise.rounding);
        l.end = std::min(end, round_to(s + len, noise.rounding));
        l.category = category_name(k_fault_categories[static_cast<std::size_t>(
            rng.uniform_int(0, k_fault_categories.size() - 1))]);
        review(l, rng.bernoulli(0.5), rng.uniform(), rng.uniform());
        l.notes = "customer complaint; nothing found on site";
        if (l.start < l.end) out.push_back(std::move(l));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Label& a, const Label& b) { return a.start < b.start; });
    return out;
}

void write_label_header(io::CsvBuffer& out) {
    out.row({"unit_id", "start", "end", "category", "confidence", "status", "reviewer", "notes"});
}

void write_label(io::CsvBuffer& out, const Label& l) {
    out.field(l.unit_id).timestamp(l.start).timestamp(l.end).field(l.category);
    out.fixed(l.confidence, 2).field(l.status).field(l.reviewer).field(l.notes);
    out.end_row();
}

}  // namespace heatloop::sim
