// Package skew measures how far the data a model sees in serving has moved
// from the data it was trained on (training-serving skew, data drift), feature
// by feature, the way TensorFlow Data Validation and Evidently do.
//
// A Profile summarises one data set (the reference: training data; or the
// current one: serving logs). It is built row by row (Add) or column by
// column (AddTexts, AddNumbers), so a table of any length streams through it;
// Compare turns two profiles into a Report with one FeatureSkew per feature,
// and CompareFiles does both for two CSV, JSONL or Parquet files (gzip read
// transparently).
//
// # Statistics
//
// A numeric feature gets the population stability index (PSI) and the
// Jensen-Shannon distance over quantile bins of the reference, the
// two-sample Kolmogorov-Smirnov statistic D with its p-value, the
// Wasserstein-1 distance (raw and in reference standard deviations) and the
// standardised mean difference. A categorical feature gets the L-infinity
// distance between the two category distributions (TFDV's drift
// comparator), the Jensen-Shannon distance, the PSI over categories, the
// category whose share changed most, and the categories of the current data
// never seen in the reference. Every feature gets its missing-value counts
// on both sides. Each statistic's doc comment (FeatureSkew, JSDistance,
// Wasserstein) gives its formula and conventions.
//
// # Effect sizes first, p-values last
//
// With the hundreds of thousands of rows of a serving log, the KS p-value is
// about 0 for any shift at all, however harmless: it answers "is there any
// difference?", to which the answer at that size is always yes. The report
// therefore leads with effect sizes, which do not grow with n: PSI, the
// Jensen-Shannon distance, KS D, the Wasserstein distance over the
// reference's standard deviation, and the standardised mean difference. The
// default thresholds (DefaultThresholds) use only those; a p-value threshold
// is available but off by default.
//
// # Missing values
//
// An empty field, a JSON null and NaN (any case, signed or not) are missing
// values: they are counted on each side (MissingRef, MissingCur) and their
// rates compared, and they take no part in the distribution statistics. NaN
// is never dropped silently: it is a counted missing value. For a numeric
// feature, +Inf and -Inf are counted apart (NonFiniteRef, NonFiniteCur) and
// left out of the statistics too, since no mean, spread or distance is
// defined with them. Parquet input is read by internal/dataio, which refuses
// nulls and NaN with an error naming the row and column rather than counting
// them.
//
// # Kinds
//
// A feature is numeric when every non-missing value of both data sets
// parses as a number (mltest's one grammar of numbers, dataio.ParseNumber:
// decimal and exponent forms, spaces around; "inf" and "infinity" too), and
// categorical otherwise, unless a Kind is given (NewProfile's kinds,
// Options.Kinds). Integer codes (zip codes, ids) parse as numbers: give them
// Categorical. In a feature that falls back to categorical, the values that
// parse as numbers are categories named by the number in Go's shortest form
// ("1.0" and "1" are one category, "1"); a feature declared Categorical keeps
// its text verbatim.
//
// # Memory
//
// A numeric feature holds its finite values, 8 bytes each per side; a
// categorical feature holds one count per distinct category, whatever the
// number of rows. So 1M rows of 10 numeric features hold 80 MB per side.
// Compare sorts the values in place (KS, the quantile bins and Wasserstein
// all need the order; a radix sort, O(n)), with a scratch slice as long as
// the feature being sorted, one feature per core at a time, and keeps them
// sorted for the next Compare.
package skew
