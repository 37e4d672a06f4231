// ProfileClassifier: forwards to the libtorch module's network (nn/backend.hpp; the network
// itself is src/nn/torch/profile_classifier.cpp).
#include "heatloop/nn/profile_classifier.hpp"

#include "nn/backend.hpp"

namespace heatloop::nn {

struct ProfileClassifier::Impl {
    std::unique_ptr<detail::ProfileModel> model;
};

ProfileClassifier::ProfileClassifier(const ProfileSpec& spec, std::uint64_t seed)
    : impl_(new Impl{detail::backend().profile_classifier(spec, seed)}) {}

ProfileClassifier::~ProfileClassifier() = default;

const ProfileSpec& ProfileClassifier::spec() const noexcept {
    return impl_->model->spec();
}

TrainReport ProfileClassifier::train(std::span<const float> x, std::span<const float> y,
                                     const std::vector<bool>& validation,
                                     const ProfileTrainOptions& options) {
    return impl_->model->train(x, y, validation, options);
}

std::vector<float> ProfileClassifier::predict(std::span<const float> x) const {
    return impl_->model->predict(x);
}

std::string ProfileClassifier::save() const {
    return impl_->model->save();
}

void ProfileClassifier::load(std::string_view bytes) {
    impl_->model->load(bytes);
}

}  // namespace heatloop::nn
