// Correlation coefficients as scipy.stats computes them (Spearman: Pearson of average ranks).
#pragma once

#include <vector>

namespace embx {

double pearson(const std::vector<double>& x, const std::vector<double>& y);
double spearman(const std::vector<double>& x, const std::vector<double>& y);
// 1-based ranks, ties get the mean of the ranks they span.
std::vector<double> average_ranks(const std::vector<double>& v);

}  // namespace embx
