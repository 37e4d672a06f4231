// SequenceNet: forwards to the libtorch module's network (nn/backend.hpp; the network itself
// is src/nn/torch/sequence_net.cpp).
#include "heatloop/nn/sequence_net.hpp"

#include "nn/backend.hpp"

namespace heatloop::nn {

struct SequenceNet::Impl {
    std::unique_ptr<detail::SequenceNetModel> model;
};

SequenceNet::SequenceNet(const NetSpec& spec, std::uint64_t seed)
    : impl_(new Impl{detail::backend().sequence_net(spec, seed)}) {}

SequenceNet::~SequenceNet() = default;

const NetSpec& SequenceNet::spec() const noexcept {
    return impl_->model->spec();
}

TrainReport SequenceNet::train(std::span<const SeriesView> series, const TrainOptions& options) {
    return impl_->model->train(series, options);
}

std::vector<float> SequenceNet::predict_masked(const SeriesView& series, int threads,
                                               std::size_t batch_size) const {
    return impl_->model->predict_masked(series, threads, batch_size);
}

std::string SequenceNet::save() const {
    return impl_->model->save();
}

void SequenceNet::load(std::string_view bytes) {
    impl_->model->load(bytes);
}

}  // namespace heatloop::nn
