#pragma once
// A label as the web API shows it: the store's label with times as Unix milliseconds.

#include <nlohmann/json.hpp>

#include "heatloop/store/label.hpp"

namespace heatloop::web {

nlohmann::json label_json(const store::Label& l);
nlohmann::json history_json(const store::HistoryEntry& e);

}  // namespace heatloop::web
