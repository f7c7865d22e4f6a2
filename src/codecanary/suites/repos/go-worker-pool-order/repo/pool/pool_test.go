package pool

import "testing"

func TestExistingSingleWorker(t *testing.T) {
	got, err := Map([]int{1, 2, 3}, 1, func(x int) (int, error) { return x * 10, nil })
	if err != nil || len(got) != 3 || got[0] != 10 || got[2] != 30 {
		t.Fatalf("%v %v", got, err)
	}
}
