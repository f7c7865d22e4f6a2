package metrics

import "example.com/ringstats/ring"

// Rolling keeps the mean of the last N samples.
type Rolling struct{ buf *ring.Buffer }

func NewRolling(window int) *Rolling { return &Rolling{ring.New(window)} }

func (r *Rolling) Add(v float64) { r.buf.Push(v) }

func (r *Rolling) Mean() float64 {
	if r.buf.Len() == 0 {
		return 0
	}
	sum := 0.0
	for _, v := range r.buf.Items() {
		sum += v
	}
	return sum / float64(r.buf.Len())
}
