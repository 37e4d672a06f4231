// Seq2Point: forwards to the libtorch module's network (nn/backend.hpp; the network itself is
// src/nn/torch/seq2point.cpp).
#include "heatloop/nn/seq2point.hpp"

#include "nn/backend.hpp"

namespace heatloop::nn {

struct Seq2Point::Impl {
    std::unique_ptr<detail::Seq2PointModel> model;
};

Seq2Point::Seq2Point(const Seq2PointSpec& spec, std::uint64_t seed)
    : impl_(new Impl{detail::backend().seq2point(spec, seed)}) {}

Seq2Point::~Seq2Point() = default;

const Seq2PointSpec& Seq2Point::spec() const noexcept {
    return impl_->model->spec();
}

TrainReport Seq2Point::train(std::span<const Seq2PointSeries> series,
                             const Seq2PointTrainOptions& options) {
    return impl_->model->train(series, options);
}

std::vector<float> Seq2Point::predict(std::span<const float> inputs, std::size_t steps, int threads,
                                      std::size_t batch_size) const {
    return impl_->model->predict(inputs, steps, threads, batch_size);
}

std::string Seq2Point::save() const {
    return impl_->model->save();
}

void Seq2Point::load(std::string_view bytes) {
    impl_->model->load(bytes);
}

}  // namespace heatloop::nn
