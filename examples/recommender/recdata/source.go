package recdata

import (
	"flag"
	"fmt"
)

// Source says where a command's data comes from: the synthetic generator
// (Options) or a MovieLens ratings file. The commands share it so that the
// trainer and the batch job read the same data from the same flags.
type Source struct {
	Options
	MovieLens string  // path of a MovieLens ratings file; "" means generate
	MinRating float64 // MovieLens: the least rating that counts as an interaction
}

// DefaultSource is the synthetic data of DefaultOptions; MinRating 4 applies
// when a MovieLens file is named.
func DefaultSource() Source { return Source{Options: DefaultOptions(), MinRating: 4} }

// Flags registers the source's flags on fs, with s's values as defaults.
func (s *Source) Flags(fs *flag.FlagSet) {
	fs.Uint64Var(&s.Seed, "seed", s.Seed, "seed of the synthetic data")
	fs.IntVar(&s.Users, "users", s.Users, "users of the synthetic data")
	fs.IntVar(&s.Items, "items", s.Items, "items of the synthetic data")
	fs.Float64Var(&s.TrainFrac, "train-frac", s.TrainFrac, "fraction of the events, in time order, used for training")
	fs.StringVar(&s.MovieLens, "movielens", s.MovieLens, "read this MovieLens ratings file (ratings.csv, ratings.dat, u.data) instead of generating data")
	fs.Float64Var(&s.MinRating, "min-rating", s.MinRating, "MovieLens: the least rating counted as an interaction")
}

// Load generates or reads the data set.
func (s Source) Load() (*Dataset, error) {
	if s.MovieLens != "" {
		return LoadMovieLens(s.MovieLens, s.MinRating, s.TrainFrac)
	}
	if s.Users < 1 || s.Items < 1 || !(s.TrainFrac > 0 && s.TrainFrac <= 1) {
		return nil, fmt.Errorf("recdata: %d users, %d items, train fraction %v: want positive sizes and a fraction in (0, 1]", s.Users, s.Items, s.TrainFrac)
	}
	d, _ := Generate(s.Options)
	return d, nil
}
