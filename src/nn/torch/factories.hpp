#pragma once
// The libtorch module's networks, one factory per file of src/nn/torch (torch-free header).

#include <cstdint>
#include <memory>

#include "nn/backend.hpp"

namespace heatloop::nn::detail {

std::unique_ptr<SequenceNetModel> make_torch_sequence_net(const NetSpec& spec, std::uint64_t seed);
std::unique_ptr<RegressorModel> make_torch_sequence_regressor(const RegressorSpec& spec,
                                                              std::uint64_t seed);
std::unique_ptr<Seq2PointModel> make_torch_seq2point(const Seq2PointSpec& spec, std::uint64_t seed);
std::unique_ptr<ProfileModel> make_torch_profile_classifier(const ProfileSpec& spec,
                                                            std::uint64_t seed);

}  // namespace heatloop::nn::detail
