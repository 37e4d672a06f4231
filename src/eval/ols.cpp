#include "heatloop/eval/ols.hpp"

#include <fmt/format.h>
#include <Eigen/Dense>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>

#include "heatloop/core/error.hpp"

namespace heatloop::eval {

namespace {

/// The columns to keep, in order: each one's residual norm after projecting out the kept
/// ones (and the intercept) must not vanish against its own spread.
std::vector<std::size_t> independent_columns(const Eigen::MatrixXd& centred,
                                             std::vector<std::string>& dropped,
                                             const std::vector<std::string>& names) {
    std::vector<std::size_t> keep;
    Eigen::MatrixXd basis(centred.rows(), 0);
    for (Eigen::Index c = 0; c < centred.cols(); ++c) {
        const Eigen::VectorXd col = centred.col(c);
        const double norm = col.norm();
        Eigen::VectorXd rest = col;
        if (basis.cols() > 0) rest -= basis * (basis.transpose() * col);
        if (norm == 0 || rest.norm() <= 1e-9 * norm) {
            dropped.push_back(names[static_cast<std::size_t>(c)]);
            continue;
        }
        basis.conservativeResize(Eigen::NoChange, basis.cols() + 1);
        basis.col(basis.cols() - 1) = rest / rest.norm();
        keep.push_back(static_cast<std::size_t>(c));
    }
    return keep;
}

double two_sided_t(double t, double dof) {
    if (!std::isfinite(t)) return 0.0;
    const boost::math::students_t dist(dof);
    return 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
}

}  // namespace

OlsResult ols(std::span<const double> x, const std::vector<std::string>& names,
              std::span<const double> y) {
    const std::size_t cols = names.size();
    if (x.size() != y.size() * cols)
        throw InvalidInputError(fmt::format("ols: {} feature values for {} rows x {} features",
                                            x.size(), y.size(), cols));
    OlsResult r;
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < y.size(); ++i) {
        bool ok = std::isfinite(y[i]);
        for (std::size_t c = 0; ok && c < cols; ++c) ok = std::isfinite(x[i * cols + c]);
        if (ok)
            rows.push_back(i);
        else
            ++r.skipped_rows;
    }
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd all(n, static_cast<Eigen::Index>(cols));
    Eigen::VectorXd yv(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        const std::size_t i = rows[static_cast<std::size_t>(k)];
        yv(k) = y[i];
        for (std::size_t c = 0; c < cols; ++c)
            all(k, static_cast<Eigen::Index>(c)) = x[i * cols + c];
    }
    Eigen::MatrixXd centred = all.rowwise() - all.colwise().mean();
    const std::vector<std::size_t> keep = independent_columns(centred, r.dropped, names);
    const auto k = static_cast<Eigen::Index>(keep.size()) + 1;  // with the intercept
    if (n < k + 1)
        throw InvalidInputError(fmt::format(
            "ols: {} complete rows for {} coefficients; need at least {} (rows with a missing "
            "value in the target or any feature are skipped: {})",
            n, k, k + 1, r.skipped_rows));

    Eigen::MatrixXd design(n, k);
    design.col(0).setOnes();
    for (std::size_t j = 0; j < keep.size(); ++j)
        design.col(static_cast<Eigen::Index>(j) + 1) = all.col(static_cast<Eigen::Index>(keep[j]));
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(design);
    const Eigen::MatrixXd rmat = qr.matrixQR().topRows(k).triangularView<Eigen::Upper>();
    const Eigen::VectorXd beta = qr.solve(yv);
    const Eigen::VectorXd residual = yv - design * beta;
    const double ssr = residual.squaredNorm();
    const double sst = (yv.array() - yv.mean()).square().sum();
    const double dof = static_cast<double>(n - k);
    const double sigma2 = ssr / dof;
    // cov = sigma^2 (X'X)^-1 = sigma^2 R^-1 R^-T
    const Eigen::MatrixXd rinv =
        rmat.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(k, k));
    const Eigen::MatrixXd cov = sigma2 * rinv * rinv.transpose();

    r.observations = rows.size();
    r.residual_std = std::sqrt(sigma2);
    r.r2 = sst > 0 ? 1 - ssr / sst : 0;
    r.adj_r2 = 1 - (1 - r.r2) * static_cast<double>(n - 1) / dof;
    for (Eigen::Index j = 0; j < k; ++j) {
        OlsCoefficient c;
        c.name = j == 0 ? "const" : names[keep[static_cast<std::size_t>(j) - 1]];
        c.estimate = beta(j);
        c.std_error = std::sqrt(cov(j, j));
        c.t = c.estimate / c.std_error;
        c.p_value = two_sided_t(c.t, dof);
        r.coefficients.push_back(std::move(c));
    }
    if (k > 1) {
        const double df_model = static_cast<double>(k - 1);
        r.f_statistic = ((sst - ssr) / df_model) / sigma2;
        r.f_p_value = std::isfinite(r.f_statistic)
                          ? boost::math::cdf(boost::math::complement(
                                boost::math::fisher_f(df_model, dof), r.f_statistic))
                          : 0.0;
    }
    return r;
}

}  // namespace heatloop::eval
