// Package features is a worked example of a model with its transforms: a
// click-through model for marketplace listings whose feature encoder uses
// the three encodings most production models have — bucketing of a number,
// a vocabulary lookup for a known category, and hashing of an open-ended
// string — and whose decoder turns a logit into what the page shows.
//
// Its tests pin every stage with golden files (fixtures.GoldenStages), and
// show that moving one bucket boundary makes the encode stage fail with a
// diff naming the row and the field.
package features
