package hist

import (
	"math"
	"reflect"
	"testing"
)

func TestHiddenOverflow(t *testing.T) {
	h, err := FromSamples([]float64{1, 2, 3, 4, 5}, []float64{0.5, 7, 9, 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Counts(); !reflect.DeepEqual(got, []int{1, 0, 0, 0, 1, 2}) {
		t.Fatalf("counts %v", got)
	}
	if q := h.Quantile(1); !math.IsInf(q, 1) {
		t.Fatalf("p100 %v", q)
	}
	if q := h.Quantile(0.5); q != 5 {
		t.Fatalf("p50 %v", q)
	}
	if q := h.Quantile(0.25); q != 1 {
		t.Fatalf("p25 %v", q)
	}
}

func TestHiddenBoundaries(t *testing.T) {
	h, _ := New([]float64{10, 20})
	for _, v := range []float64{10, 20, 20.0001, -3} {
		h.Observe(v)
	}
	if got := h.Counts(); !reflect.DeepEqual(got, []int{2, 1, 1}) {
		t.Fatalf("counts %v", got)
	}
}

func TestHiddenBadBounds(t *testing.T) {
	if _, err := New([]float64{5, 3}); err == nil {
		t.Fatal("unsorted bounds accepted")
	}
	if _, err := New([]float64{1, 1}); err == nil {
		t.Fatal("duplicate bounds accepted")
	}
	if _, err := New([]float64{1, 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := New(nil); err == nil {
		t.Fatal("no bounds accepted")
	}
}
