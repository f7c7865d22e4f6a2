package mathx

import "testing"

func TestClampHigh(t *testing.T) {
	if got := Clamp(15, 0, 10); got != 10 {
		t.Fatalf("Clamp(15, 0, 10) = %d, want 10", got)
	}
}

func TestClampEdges(t *testing.T) {
	cases := [][4]int{{0, 0, 10, 0}, {10, 0, 10, 10}, {11, 0, 10, 10}, {-1, 0, 10, 0}, {5, 0, 10, 5}}
	for _, c := range cases {
		if got := Clamp(c[0], c[1], c[2]); got != c[3] {
			t.Errorf("Clamp(%d, %d, %d) = %d, want %d", c[0], c[1], c[2], got, c[3])
		}
	}
}
