#include "heatloop/core/frame.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "heatloop/core/error.hpp"

namespace heatloop {

void UnitFrame::set_grid(Timestamp start, Duration step, size_t rows) {
    if (step <= 0) throw InternalError("UnitFrame::set_grid: step must be positive");
    step_ = step;
    time_.resize(rows);
    for (size_t i = 0; i < rows; ++i) time_[i] = start + static_cast<Timestamp>(i) * step;
    for (auto& c : channels_) c.values.resize(rows, k_missing);
}

void UnitFrame::set_time(std::vector<Timestamp> time) {
    step_ = 0;
    time_ = std::move(time);
    for (auto& c : channels_) c.values.resize(time_.size(), k_missing);
}

std::vector<std::string> UnitFrame::channel_names() const {
    std::vector<std::string> names;
    names.reserve(channels_.size());
    for (const auto& c : channels_) names.push_back(c.name);
    return names;
}

const Channel* UnitFrame::find(std::string_view name) const noexcept {
    for (const auto& c : channels_)
        if (c.name == name) return &c;
    return nullptr;
}

Channel* UnitFrame::find(std::string_view name) noexcept {
    for (auto& c : channels_)
        if (c.name == name) return &c;
    return nullptr;
}

const Channel& UnitFrame::at(std::string_view name) const {
    if (const Channel* c = find(name)) return *c;
    throw NotFoundError(fmt::format("unit {}: no channel '{}' (channels: {})", unit_id_, name,
                                    fmt::join(channel_names(), ", ")));
}

Channel& UnitFrame::get_or_add(std::string_view name) {
    if (Channel* c = find(name)) return *c;
    channels_.push_back(Channel{std::string(name), std::vector<double>(time_.size(), k_missing)});
    return channels_.back();
}

bool UnitFrame::remove(std::string_view name) {
    auto it = std::find_if(channels_.begin(), channels_.end(),
                           [&](const Channel& c) { return c.name == name; });
    if (it == channels_.end()) return false;
    channels_.erase(it);
    gaps_.erase(std::remove_if(gaps_.begin(), gaps_.end(),
                               [&](const GapSpan& g) { return g.channel == name; }),
                gaps_.end());
    return true;
}

size_t UnitFrame::lower_bound(Timestamp t) const noexcept {
    if (step_ > 0 && !time_.empty()) {
        if (t <= time_.front()) return 0;
        auto i = static_cast<size_t>((t - time_.front() + step_ - 1) / step_);
        return std::min(i, time_.size());
    }
    return static_cast<size_t>(std::lower_bound(time_.begin(), time_.end(), t) - time_.begin());
}

UnitFrame UnitFrame::slice(size_t begin, size_t end) const {
    end = std::min(end, rows());
    begin = std::min(begin, end);
    UnitFrame out(unit_id_);
    out.step_ = step_;
    out.attributes_ = attributes_;
    out.time_.assign(time_.begin() + static_cast<std::ptrdiff_t>(begin),
                     time_.begin() + static_cast<std::ptrdiff_t>(end));
    for (const auto& c : channels_)
        out.channels_.push_back(Channel{
            c.name, std::vector<double>(c.values.begin() + static_cast<std::ptrdiff_t>(begin),
                                        c.values.begin() + static_cast<std::ptrdiff_t>(end))});
    if (begin < end) {
        Timestamp lo = time_[begin];
        Timestamp hi = end < rows() ? time_[end] : time_[end - 1] + std::max<Duration>(step_, 1);
        for (const auto& g : gaps_)
            if (g.end > lo && g.start < hi)
                out.gaps_.push_back(GapSpan{std::max(g.start, lo), std::min(g.end, hi), g.channel});
    }
    return out;
}

UnitFrame UnitFrame::slice_time(Timestamp start, Timestamp end) const {
    return slice(lower_bound(start), lower_bound(end));
}

size_t count_present(const std::vector<double>& values) noexcept {
    size_t n = 0;
    for (double v : values) n += !is_missing(v);
    return n;
}

}  // namespace heatloop
