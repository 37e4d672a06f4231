#include "convert.hpp"

#include <fmt/format.h>
#include <nanobind/stl/string.h>

#include <toml++/toml.h>
#include <cmath>
#include <sstream>

#include "heatloop/core/error.hpp"

namespace heatloop::python {

nb::object to_py(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::null:
        case nlohmann::json::value_t::discarded:
            return nb::none();
        case nlohmann::json::value_t::boolean:
            return nb::bool_(j.get<bool>());
        case nlohmann::json::value_t::number_integer:
            return nb::int_(j.get<std::int64_t>());
        case nlohmann::json::value_t::number_unsigned:
            return nb::int_(j.get<std::uint64_t>());
        case nlohmann::json::value_t::number_float:
            return nb::float_(j.get<double>());
        case nlohmann::json::value_t::string:
            return nb::str(j.get_ref<const std::string&>().c_str());
        case nlohmann::json::value_t::array: {
            nb::list out;
            for (const auto& e : j) out.append(to_py(e));
            return out;
        }
        case nlohmann::json::value_t::object: {
            nb::dict out;
            for (const auto& [k, v] : j.items()) out[nb::str(k.c_str())] = to_py(v);
            return out;
        }
        case nlohmann::json::value_t::binary:
            break;
    }
    throw InternalError("to_py: binary JSON values are not converted");
}

namespace {

// As the JSON parser reads numbers: non-negative integers are unsigned (model documents are
// read back with the types a parsed file has).
nlohmann::json integer(nb::handle h, const std::string& what) {
    std::int64_t v = 0;
    if (nb::try_cast<std::int64_t>(h, v)) {
        if (v >= 0) return static_cast<std::uint64_t>(v);
        return v;
    }
    std::uint64_t u = 0;
    if (nb::try_cast<std::uint64_t>(h, u)) return u;
    throw InvalidInputError(fmt::format("{}: integer out of range (64 bits)", what));
}

}  // namespace

nlohmann::json from_py(nb::handle h, const std::string& what) {
    if (h.is_none()) return nullptr;
    if (nb::isinstance<nb::bool_>(h)) return nb::cast<bool>(h);
    if (nb::isinstance<nb::int_>(h)) return integer(h, what);
    if (nb::isinstance<nb::float_>(h)) return nb::cast<double>(h);
    if (nb::isinstance<nb::str>(h)) return nb::cast<std::string>(h);
    if (nb::isinstance<nb::dict>(h)) {
        nlohmann::json out = nlohmann::json::object();
        for (auto [k, v] : nb::borrow<nb::dict>(h)) {
            if (!nb::isinstance<nb::str>(k))
                throw InvalidInputError(fmt::format("{}: keys must be strings", what));
            const std::string key = nb::cast<std::string>(k);
            out[key] = from_py(v, what + "." + key);
        }
        return out;
    }
    if (nb::isinstance<nb::list>(h) || nb::isinstance<nb::tuple>(h)) {
        nlohmann::json out = nlohmann::json::array();
        std::size_t i = 0;
        for (nb::handle e : h) out.push_back(from_py(e, fmt::format("{}[{}]", what, i++)));
        return out;
    }
    // numpy scalars and other numbers: by their Python number protocol.
    if (nb::hasattr(h, "__index__")) return integer(h.attr("__index__")(), what);
    if (nb::hasattr(h, "__float__")) return nb::cast<double>(h.attr("__float__")());
    throw InvalidInputError(fmt::format("{}: cannot use a value of type {}", what,
                                        nb::cast<std::string>(nb::type_name(h.type()))));
}

namespace {

template <class T>
nb::ndarray<nb::numpy, T, nb::ndim<1>> view(T* data, std::size_t n, nb::handle owner) {
    return nb::ndarray<nb::numpy, T, nb::ndim<1>>(data, {n}, owner);
}

}  // namespace

nb::dict frame_to_py(UnitFrame&& frame) {
    auto* owned = new UnitFrame(std::move(frame));
    nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<UnitFrame*>(p); });
    nb::dict out;
    out["unit_id"] = owned->unit_id();
    out["step"] = owned->step();
    // Read-only views: the frame's memory is shared by every array of this dict.
    out["time"] = nb::ndarray<nb::numpy, const std::int64_t, nb::ndim<1>>(owned->time().data(),
                                                                          {owned->rows()}, owner);
    nb::dict channels;
    for (const Channel& c : owned->channels())
        channels[nb::str(c.name.c_str())] = nb::ndarray<nb::numpy, const double, nb::ndim<1>>(
            c.values.data(), {c.values.size()}, owner);
    out["channels"] = channels;
    nb::list gaps;
    for (const GapSpan& g : owned->gaps()) gaps.append(nb::make_tuple(g.start, g.end, g.channel));
    out["gaps"] = gaps;
    nb::dict attributes;
    for (const auto& [k, v] : owned->attributes()) attributes[nb::str(k.c_str())] = v;
    out["attributes"] = attributes;
    return out;
}

UnitFrame frame_from_py(const std::string& unit_id,
                        const nb::ndarray<nb::numpy, const std::int64_t, nb::ndim<1>>& time,
                        const nb::dict& channels, const nb::dict& attributes) {
    const std::size_t n = time.shape(0);
    std::vector<Timestamp> t(n);
    for (std::size_t i = 0; i < n; ++i) t[i] = time(i);
    for (std::size_t i = 1; i < n; ++i)
        if (t[i] <= t[i - 1])
            throw InvalidInputError(fmt::format(
                "unit {}: times must increase (row {} is not after row {})", unit_id, i, i - 1));
    UnitFrame frame(unit_id);
    bool regular = n >= 2;
    for (std::size_t i = 2; i < n && regular; ++i) regular = t[i] - t[i - 1] == t[1] - t[0];
    if (regular)
        frame.set_grid(t[0], t[1] - t[0], n);
    else
        frame.set_time(std::move(t));
    for (auto [k, v] : channels) {
        const std::string name = nb::cast<std::string>(k);
        auto values = nb::cast<nb::ndarray<nb::numpy, const double, nb::ndim<1>>>(v);
        if (values.shape(0) != n)
            throw InvalidInputError(fmt::format("unit {}: channel {} has {} values for {} times",
                                                unit_id, name, values.shape(0), n));
        Channel& c = frame.get_or_add(name);
        for (std::size_t i = 0; i < n; ++i) c.values[i] = values(i);
    }
    for (auto [k, v] : attributes)
        frame.attributes()[nb::cast<std::string>(k)] = nb::cast<std::string>(nb::str(v));
    return frame;
}

namespace {

toml::table toml_table(const nlohmann::json& j, const std::string& where);

toml::array toml_array(const nlohmann::json& j, const std::string& where) {
    toml::array out;
    for (const auto& e : j) {
        if (e.is_object())
            out.push_back(toml_table(e, where));
        else if (e.is_array())
            out.push_back(toml_array(e, where));
        else if (e.is_string())
            out.push_back(e.get<std::string>());
        else if (e.is_boolean())
            out.push_back(e.get<bool>());
        else if (e.is_number_integer())
            out.push_back(e.get<std::int64_t>());
        else if (e.is_number())
            out.push_back(e.get<double>());
        else
            throw InvalidInputError(fmt::format("config: {}: TOML has no null", where));
    }
    return out;
}

toml::table toml_table(const nlohmann::json& j, const std::string& where) {
    toml::table out;
    for (const auto& [k, e] : j.items()) {
        const std::string at = where.empty() ? k : where + "." + k;
        if (e.is_object())
            out.insert(k, toml_table(e, at));
        else if (e.is_array())
            out.insert(k, toml_array(e, at));
        else if (e.is_string())
            out.insert(k, e.get<std::string>());
        else if (e.is_boolean())
            out.insert(k, e.get<bool>());
        else if (e.is_number_integer())
            out.insert(k, e.get<std::int64_t>());
        else if (e.is_number())
            out.insert(k, e.get<double>());
        else
            throw InvalidInputError(fmt::format("config: {}: TOML has no null", at));
    }
    return out;
}

}  // namespace

std::string toml_from_py(const nb::dict& config) {
    std::ostringstream out;
    out << toml_table(from_py(config, "config"), "");
    return out.str();
}

}  // namespace heatloop::python
