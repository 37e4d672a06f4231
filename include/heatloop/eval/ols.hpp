#pragma once
/// Ordinary least squares with the usual inference, for screening candidate features (the
/// hot-water paper's selection step): coefficients, standard errors, t statistics and
/// two-sided p-values, R^2 and the overall F test. Same definitions as statsmodels' OLS
/// (nonrobust covariance), which tests/crosscheck compares against.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace heatloop::eval {

struct OlsCoefficient {
    std::string name;  ///< "const" for the intercept
    double estimate = 0, std_error = 0, t = 0, p_value = 0;
};

struct OlsResult {
    std::vector<OlsCoefficient> coefficients;  ///< intercept first when fitted
    std::vector<std::string> dropped;          ///< features left out: constant or collinear
    std::size_t observations = 0;              ///< rows used (rows with a NaN are skipped)
    std::size_t skipped_rows = 0;
    double r2 = 0, adj_r2 = 0;
    double f_statistic = 0, f_p_value = 0;
    double residual_std = 0;  ///< sqrt(SSR / (n - k))
};

/// Regresses y on the columns of `x` (rows x names.size(), row-major) plus an intercept.
/// Rows with a NaN in y or any feature are skipped; a feature that is constant over the used
/// rows, or a linear combination of earlier ones, is dropped (and listed). Throws
/// InvalidInputError when fewer rows than coefficients + 1 remain.
OlsResult ols(std::span<const double> x, const std::vector<std::string>& names,
              std::span<const double> y);

}  // namespace heatloop::eval
