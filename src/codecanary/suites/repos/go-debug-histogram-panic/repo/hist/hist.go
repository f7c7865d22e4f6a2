package hist

import (
	"errors"
	"math"
)

// Histogram counts samples into buckets with upper bounds `bounds` plus one overflow bucket.
type Histogram struct {
	bounds []float64
	counts []int
	total  int
}

func New(bounds []float64) (*Histogram, error) {
	if len(bounds) == 0 {
		return nil, errors.New("hist: no bounds")
	}
	return &Histogram{bounds: append([]float64(nil), bounds...), counts: make([]int, len(bounds))}, nil
}

func (h *Histogram) bucket(v float64) int {
	i := 0
	for i < len(h.bounds) && v > h.bounds[i] {
		i++
	}
	return i
}

func (h *Histogram) Observe(v float64) {
	h.counts[h.bucket(v)]++
	h.total++
}

// Counts returns the count of every bucket, the overflow bucket last.
func (h *Histogram) Counts() []int { return append([]int(nil), h.counts...) }

// Quantile returns the upper bound of the bucket holding the q-th sample (0 < q <= 1).
func (h *Histogram) Quantile(q float64) float64 {
	if h.total == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(q * float64(h.total)))
	seen := 0
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if i < len(h.bounds) {
				return h.bounds[i]
			}
			return math.Inf(1)
		}
	}
	return math.Inf(1)
}

// FromSamples builds a histogram from samples.
func FromSamples(bounds, samples []float64) (*Histogram, error) {
	h, err := New(bounds)
	if err != nil {
		return nil, err
	}
	for _, s := range samples {
		h.Observe(s)
	}
	return h, nil
}
