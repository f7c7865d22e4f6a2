package retry

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func record(d *[]time.Duration) func(time.Duration) {
	return func(x time.Duration) { *d = append(*d, x) }
}

func TestHiddenBackoff(t *testing.T) {
	var slept []time.Duration
	n := 0
	err := Do(func() error { n++; return errors.New("down") },
		Policy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, Multiplier: 3, Sleep: record(&slept)})
	if err == nil || n != 5 {
		t.Fatalf("err %v n %d", err, n)
	}
	want := []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 900 * time.Millisecond, 2700 * time.Millisecond}
	if !reflect.DeepEqual(slept, want) {
		t.Fatalf("slept %v", slept)
	}
}

func TestHiddenCapAndDefaultMultiplier(t *testing.T) {
	var slept []time.Duration
	Do(func() error { return errors.New("x") },
		Policy{MaxAttempts: 6, BaseDelay: time.Second, MaxDelay: 5 * time.Second, Sleep: record(&slept)})
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if !reflect.DeepEqual(slept, want) {
		t.Fatalf("slept %v", slept)
	}
}

func TestHiddenNoSleepOnSuccess(t *testing.T) {
	var slept []time.Duration
	n := 0
	err := Do(func() error {
		n++
		if n == 2 {
			return nil
		}
		return errors.New("once")
	}, Policy{MaxAttempts: 3, BaseDelay: 7 * time.Millisecond, Sleep: record(&slept)})
	if err != nil || !reflect.DeepEqual(slept, []time.Duration{7 * time.Millisecond}) {
		t.Fatalf("err %v slept %v", err, slept)
	}
}

func TestHiddenPermanent(t *testing.T) {
	base := errors.New("bad request")
	var slept []time.Duration
	n := 0
	err := Do(func() error { n++; return Permanent(base) },
		Policy{MaxAttempts: 4, BaseDelay: time.Millisecond, Sleep: record(&slept)})
	if n != 1 || len(slept) != 0 {
		t.Fatalf("n %d slept %v", n, slept)
	}
	if !errors.Is(err, base) || err.Error() != "bad request" {
		t.Fatalf("err %v", err)
	}
	if !errors.Is(Permanent(base), base) {
		t.Fatal("Permanent does not unwrap")
	}
}
