#include "heatloop/runner/model_source.hpp"

#include "heatloop/models/registry.hpp"

namespace heatloop::runner {

namespace {

class Registry final : public ModelSource {
public:
    std::unique_ptr<models::Model> make(std::string_view name,
                                        const nlohmann::json& params) const override {
        return models::make_model(name, params);
    }
    std::unique_ptr<models::Model> load(const nlohmann::json& doc,
                                        std::string_view side_file) const override {
        return models::load_model(doc, side_file);
    }
};

}  // namespace

const ModelSource& registry_models() {
    static const Registry registry;
    return registry;
}

}  // namespace heatloop::runner
