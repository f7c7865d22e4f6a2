package metrics

import "testing"

func TestHiddenRollingMean(t *testing.T) {
	r := NewRolling(4)
	for _, v := range []float64{10, 10, 10, 10, 2, 2} {
		r.Add(v)
	}
	if got := r.Mean(); got != 6 {
		t.Fatalf("mean %v want 6", got)
	}
	r2 := NewRolling(3)
	r2.Add(3)
	if got := r2.Mean(); got != 3 {
		t.Fatalf("mean %v want 3", got)
	}
}
