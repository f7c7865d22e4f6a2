package hist

import (
	"reflect"
	"testing"
)

func TestExistingBasic(t *testing.T) {
	h, err := FromSamples([]float64{10, 50, 100}, []float64{1, 20, 60, 99})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Counts()[:3]; !reflect.DeepEqual(got, []int{1, 1, 2}) {
		t.Fatalf("counts %v", got)
	}
	if q := h.Quantile(0.5); q != 50 {
		t.Fatalf("median %v", q)
	}
}
