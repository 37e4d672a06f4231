// SequenceRegressor: forwards to the libtorch module's network (nn/backend.hpp; the network
// itself is src/nn/torch/sequence_regressor.cpp).
#include "heatloop/nn/sequence_regressor.hpp"

#include "nn/backend.hpp"

namespace heatloop::nn {

struct SequenceRegressor::Impl {
    std::unique_ptr<detail::RegressorModel> model;
};

SequenceRegressor::SequenceRegressor(const RegressorSpec& spec, std::uint64_t seed)
    : impl_(new Impl{detail::backend().sequence_regressor(spec, seed)}) {}

SequenceRegressor::~SequenceRegressor() = default;

const RegressorSpec& SequenceRegressor::spec() const noexcept {
    return impl_->model->spec();
}

TrainReport SequenceRegressor::train(std::span<const RegressionSeries> series,
                                     const RegressorTrainOptions& options) {
    return impl_->model->train(series, options);
}

std::vector<float> SequenceRegressor::predict(std::span<const float> features, std::size_t steps,
                                              int threads, std::size_t batch_size) const {
    return impl_->model->predict(features, steps, threads, batch_size);
}

std::string SequenceRegressor::save() const {
    return impl_->model->save();
}

void SequenceRegressor::load(std::string_view bytes) {
    impl_->model->load(bytes);
}

}  // namespace heatloop::nn
