package retry

import (
	"errors"
	"testing"
)

func TestExistingEventuallySucceeds(t *testing.T) {
	n := 0
	err := Do(func() error {
		n++
		if n < 3 {
			return errors.New("flaky")
		}
		return nil
	}, Policy{MaxAttempts: 5})
	if err != nil || n != 3 {
		t.Fatalf("err %v n %d", err, n)
	}
}

func TestExistingGivesUp(t *testing.T) {
	n := 0
	err := Do(func() error { n++; return errors.New("down") }, Policy{MaxAttempts: 2})
	if err == nil || n != 2 {
		t.Fatalf("err %v n %d", err, n)
	}
	if Do(func() error { return nil }, Policy{}) != ErrNoAttempts {
		t.Fatal("zero attempts accepted")
	}
}
