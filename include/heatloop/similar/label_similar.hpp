#pragma once
/// Find-similar from a label: search the fleet for the windows most like a label's span and
/// put them in the label store as proposed labels with provenance `similar:<label id>`, the
/// label's category and the similarity as confidence, once (a window already proposed from
/// that label is not proposed again, whatever became of its label since). The CLI's
/// `labels similar` and the API's POST /api/v1/labels/{id}/similar share it.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "heatloop/io/workspace.hpp"
#include "heatloop/similar/search.hpp"
#include "heatloop/store/label.hpp"
#include "heatloop/store/label_service.hpp"

namespace heatloop::similar {

/// What to search for, and whether to store the hits.
struct LabelSearchOptions {
    std::size_t top = 20;               ///< 1..1000
    std::vector<std::string> channels;  ///< empty: default_channels()
    /// Also return windows overlapping labels of the query's category (by default those are
    /// skipped: they are labelled already). Proposals of this same label are never skipped,
    /// so a repeated search returns the same hits.
    bool include_labelled = false;
    bool propose = true;  ///< false: only report the hits (a dry run)
    std::size_t max_points = SearchOptions{}.max_points;
    unsigned threads = 0;  ///< 0 = every core
};

/// One hit and what became of it in the store.
struct LabelHit {
    std::size_t rank = 0;  ///< 1 = most similar
    Hit hit;
    /// "proposed" (new label), "already_proposed" (a label of this source covers exactly
    /// this window), "labelled" (the window is exactly an existing label of the category)
    /// or "not_stored" (a dry run).
    std::string state;
    std::optional<store::Label> label;  ///< the label, when there is one
};

/// The result of one search.
struct LabelSearchResult {
    store::Label query;
    std::vector<std::string> channels;
    std::size_t factor = 1;  ///< grid steps per compared point
    std::vector<LabelHit> hits;
    std::size_t proposed = 0;
    std::size_t already_proposed = 0;
    std::int64_t revision = 0;  ///< the store's revision after the search
    std::size_t units_searched = 0;
    std::vector<std::string> units_skipped;
};

/// "similar:<id>", the provenance of labels proposed from label `id`.
std::string similar_source(std::int64_t label_id);

/// Searches the fleet of `ws` for windows like label `label_id` and (unless a dry run)
/// proposes the new ones in one revision. NotFoundError for an unknown label,
/// InvalidInputError for a bad option or a label the search cannot use (no data, too short,
/// missing values, a superseded label); nothing is stored then.
LabelSearchResult find_similar(const io::Workspace& ws, store::LabelService& labels,
                               std::int64_t label_id, const LabelSearchOptions& options,
                               const store::Actor& actor);

/// The labels proposed from label `label_id` (source similar:<id>), most similar first
/// (confidence, then id).
std::vector<store::Label> similar_proposals(store::LabelService& labels, std::int64_t label_id);

/// The JSON object of a result: {query, channels, factor, hits: [{rank, unit_id, start, end,
/// distance, correlation, state, label}], proposed, already_proposed, revision,
/// units_searched, units_skipped}.
nlohmann::json to_json(const LabelSearchResult& result);

}  // namespace heatloop::similar
