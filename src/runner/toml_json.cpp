#include "runner/toml_json.hpp"

#include <sstream>

namespace heatloop::runner {

namespace {

template <class T>
std::string text_of(const T& value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

}  // namespace

nlohmann::json toml_to_json(const toml::node& node) {
    if (const toml::table* t = node.as_table()) {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& [key, value] : *t) j[std::string(key.str())] = toml_to_json(value);
        return j;
    }
    if (const toml::array* a = node.as_array()) {
        nlohmann::json j = nlohmann::json::array();
        for (const toml::node& value : *a) j.push_back(toml_to_json(value));
        return j;
    }
    if (const auto* s = node.as_string()) return s->get();
    if (const auto* i = node.as_integer()) return i->get();
    if (const auto* f = node.as_floating_point()) return f->get();
    if (const auto* b = node.as_boolean()) return b->get();
    if (const auto* d = node.as_date()) return text_of(d->get());
    if (const auto* t = node.as_time()) return text_of(t->get());
    if (const auto* dt = node.as_date_time()) return text_of(dt->get());
    return nullptr;
}

}  // namespace heatloop::runner
