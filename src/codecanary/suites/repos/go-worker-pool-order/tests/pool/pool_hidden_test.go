package pool

import (
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

func TestHiddenOrder(t *testing.T) {
	in := []int{0, 1, 2, 3, 4, 5}
	got, err := Map(in, 6, func(x int) (string, error) {
		time.Sleep(time.Duration(len(in)-x) * 15 * time.Millisecond)
		return fmt.Sprint("r", x), nil
	})
	want := []string{"r0", "r1", "r2", "r3", "r4", "r5"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%v %v", got, err)
	}
}

func TestHiddenConcurrencyBound(t *testing.T) {
	var cur, peak int32
	in := make([]int, 12)
	_, err := Map(in, 3, func(int) (int, error) {
		n := atomic.AddInt32(&cur, 1)
		for {
			p := atomic.LoadInt32(&peak)
			if n <= p || atomic.CompareAndSwapInt32(&peak, p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		atomic.AddInt32(&cur, -1)
		return 0, nil
	})
	if err != nil || peak > 3 || peak < 2 {
		t.Fatalf("peak %d err %v", peak, err)
	}
}

func TestHiddenFirstError(t *testing.T) {
	var calls int32
	got, err := Map([]int{0, 1, 2, 3, 4}, 5, func(x int) (int, error) {
		atomic.AddInt32(&calls, 1)
		if x == 1 || x == 3 {
			time.Sleep(time.Duration(5-x) * 20 * time.Millisecond)
			return 0, errors.New(fmt.Sprint("bad ", x))
		}
		return x, nil
	})
	if got != nil || err == nil || err.Error() != "bad 1" || calls != 5 {
		t.Fatalf("%v %v calls %d", got, err, calls)
	}
}

func TestHiddenEdgeCases(t *testing.T) {
	got, err := Map([]int{}, 2, func(x int) (int, error) { return x, nil })
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("%v %v", got, err)
	}
	got, err = Map([]int{4, 5}, 0, func(x int) (int, error) { return x + 1, nil })
	if err != nil || !reflect.DeepEqual(got, []int{5, 6}) {
		t.Fatalf("%v %v", got, err)
	}
}
