#include "heatloop/similar/label_similar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "heatloop/core/error.hpp"
#include "heatloop/similar/fleet.hpp"
#include "heatloop/store/label_file.hpp"

namespace heatloop::similar {

namespace {

using WindowKey = std::tuple<std::string, Timestamp, Timestamp>;

void check_options(const LabelSearchOptions& o) {
    if (o.top < 1 || o.top > 1000)
        throw InvalidInputError(fmt::format("top {}: expected 1 to 1000", o.top));
    if (o.max_points < 8 || o.max_points > 100000)
        throw InvalidInputError(fmt::format("max points {}: expected 8 to 100000", o.max_points));
    std::set<std::string> seen;
    for (const std::string& c : o.channels)
        if (!seen.insert(c).second)
            throw InvalidInputError(fmt::format("channel '{}' is named twice", c));
}

// The confidence of a proposal: its correlation with the query, 0..1 to three decimals.
double confidence_of(const Hit& h) {
    return std::round(std::clamp(h.correlation, 0.0, 1.0) * 1000.0) / 1000.0;
}

std::string notes_of(std::int64_t label_id, std::size_t rank, std::size_t top, const Hit& h,
                     const std::vector<std::string>& channels) {
    return fmt::format("similar to label {}: rank {} of {}, correlation {:.3f} on {}", label_id,
                       rank, top, h.correlation, fmt::join(channels, ", "));
}

}  // namespace

std::string similar_source(std::int64_t label_id) {
    return fmt::format("similar:{}", label_id);
}

LabelSearchResult find_similar(const io::Workspace& ws, store::LabelService& labels,
                               std::int64_t label_id, const LabelSearchOptions& options,
                               const store::Actor& actor) {
    check_options(options);
    LabelSearchResult result;
    result.query = labels.get(label_id);  // NotFoundError naming the id
    const store::Label& q = result.query;
    if (q.status == store::LabelStatus::superseded)
        throw InvalidInputError(fmt::format(
            "label {} is superseded (split or replaced): search from one of its successors",
            label_id));
    if (!ws.has_unit(q.unit_id))
        throw InvalidInputError(
            fmt::format("label {}: unit {} has no data in the workspace", label_id, q.unit_id));
    const std::string source = similar_source(label_id);

    const Span span{q.start, q.end};
    std::vector<std::string> channels = options.channels;
    Pattern pattern;
    {
        const UnitFrame frame = ws.load_unit(q.unit_id);
        if (channels.empty()) channels = default_channels(ws, frame, span);
        pattern =
            make_pattern(frame, span, channels, SearchOptions{options.top, options.max_points});
    }

    // Windows already labelled with the query's category are no news, except this label's
    // own proposals (so that searching again finds the same windows).
    const std::vector<store::Label> all = labels.list();
    std::map<std::string, std::vector<Span>> excluded;
    std::map<WindowKey, const store::Label*> proposed_before, same_category;
    for (const store::Label& l : all) {
        if (l.status == store::LabelStatus::superseded || l.category != q.category) continue;
        if (l.source == source) {
            proposed_before.emplace(WindowKey{l.unit_id, l.start, l.end}, &l);
            continue;
        }
        same_category.emplace(WindowKey{l.unit_id, l.start, l.end}, &l);
        if (!options.include_labelled && l.status != store::LabelStatus::rejected && l.id != q.id)
            excluded[l.unit_id].push_back({l.start, l.end});
    }
    // A proposal later recategorised or superseded still counts as proposed.
    for (const store::Label& l : all)
        if (l.source == source) proposed_before.emplace(WindowKey{l.unit_id, l.start, l.end}, &l);

    FleetResult found = search_fleet(ws, pattern, excluded, options.top, options.threads);
    result.channels = pattern.channels;
    result.factor = pattern.factor;
    result.units_searched = found.units_searched;
    result.units_skipped = std::move(found.units_skipped);

    store::LabelFile file;
    file.name = fmt::format("similar to label {}", label_id);
    for (std::size_t r = 0; r < found.hits.size(); ++r) {
        const Hit& h = found.hits[r];
        LabelHit lh{r + 1, h, "not_stored", std::nullopt};
        const WindowKey key{h.unit_id, h.start, h.end};
        if (auto it = proposed_before.find(key); it != proposed_before.end()) {
            lh.state = "already_proposed";
            lh.label = *it->second;
            ++result.already_proposed;
        } else if (auto s = same_category.find(key); s != same_category.end()) {
            lh.state = "labelled";
            lh.label = *s->second;
        } else if (options.propose) {
            lh.state = "proposed";
            store::LabelDraft d;
            d.unit_id = h.unit_id;
            d.start = h.start;
            d.end = h.end;
            d.category = q.category;
            d.confidence = confidence_of(h);
            d.status = store::LabelStatus::proposed;
            d.source = source;
            d.notes = notes_of(label_id, r + 1, options.top, h, pattern.channels);
            file.rows.push_back(
                {{file.name, static_cast<long>(file.rows.size() + 1), 0}, std::move(d), true});
        }
        result.hits.push_back(std::move(lh));
    }
    result.revision = labels.current_revision();
    if (!file.rows.empty()) {
        // All or nothing, one revision.
        const store::ImportResult imported = labels.import_labels(file, actor);
        result.revision = imported.revision;
        result.proposed = imported.imported;
        std::map<WindowKey, store::Label> created;
        for (store::Label& l : labels.list())
            if (l.source == source) created.emplace(WindowKey{l.unit_id, l.start, l.end}, l);
        for (LabelHit& lh : result.hits)
            if (lh.state == "proposed")
                if (auto it = created.find({lh.hit.unit_id, lh.hit.start, lh.hit.end});
                    it != created.end())
                    lh.label = it->second;
    }
    return result;
}

std::vector<store::Label> similar_proposals(store::LabelService& labels, std::int64_t label_id) {
    labels.get(label_id);  // NotFoundError for an unknown label
    const std::string source = similar_source(label_id);
    std::vector<store::Label> out;
    for (store::Label& l : labels.list())
        if (l.source == source && l.status != store::LabelStatus::superseded)
            out.push_back(std::move(l));
    std::stable_sort(out.begin(), out.end(), [](const store::Label& a, const store::Label& b) {
        return std::tie(b.confidence, a.id) < std::tie(a.confidence, b.id);
    });
    return out;
}

nlohmann::json to_json(const LabelSearchResult& r) {
    nlohmann::json hits = nlohmann::json::array();
    for (const LabelHit& h : r.hits)
        hits.push_back({{"rank", h.rank},
                        {"unit_id", h.hit.unit_id},
                        {"start", format_iso(h.hit.start)},
                        {"end", format_iso(h.hit.end)},
                        {"start_ms", h.hit.start},
                        {"end_ms", h.hit.end},
                        {"distance", h.hit.distance},
                        {"correlation", h.hit.correlation},
                        {"state", h.state},
                        {"label_id", h.label ? nlohmann::json(h.label->id) : nlohmann::json()}});
    return {{"query", store::to_json(r.query)},
            {"source", similar_source(r.query.id)},
            {"channels", r.channels},
            {"factor", r.factor},
            {"hits", hits},
            {"proposed", r.proposed},
            {"already_proposed", r.already_proposed},
            {"revision", r.revision},
            {"units_searched", r.units_searched},
            {"units_skipped", r.units_skipped}};
}

}  // namespace heatloop::similar
