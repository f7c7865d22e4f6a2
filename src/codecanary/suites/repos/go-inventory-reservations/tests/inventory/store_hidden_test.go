package inventory

import (
	"errors"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func TestHiddenReserveAndExpire(t *testing.T) {
	s := NewStore()
	s.Add("mug", 10)
	id, err := s.Reserve("mug", 4, t0, time.Minute)
	if err != nil || id != "r1" {
		t.Fatalf("%q %v", id, err)
	}
	if got := s.Available("mug", t0); got != 6 {
		t.Fatalf("available %d", got)
	}
	if got := s.Available("mug", t0.Add(59*time.Second)); got != 6 {
		t.Fatalf("available before expiry %d", got)
	}
	if got := s.Available("mug", t0.Add(time.Minute)); got != 10 {
		t.Fatalf("available at expiry %d", got)
	}
	if _, err := s.Reserve("mug", 7, t0, time.Minute); !errors.Is(err, ErrInsufficient) {
		t.Fatal(err)
	}
	id2, err := s.Reserve("mug", 6, t0, time.Minute)
	if err != nil || id2 != "r2" {
		t.Fatalf("%q %v", id2, err)
	}
	if _, err := s.Reserve("tea", 1, t0, time.Minute); !errors.Is(err, ErrUnknownSKU) {
		t.Fatal(err)
	}
	if _, err := s.Reserve("mug", 0, t0, time.Minute); !errors.Is(err, ErrInvalidQty) {
		t.Fatal(err)
	}
}

func TestHiddenCommitRelease(t *testing.T) {
	s := NewStore()
	s.Add("mug", 5)
	id, _ := s.Reserve("mug", 2, t0, time.Minute)
	if err := s.Commit(id, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Stock("mug"); n != 3 {
		t.Fatalf("stock %d", n)
	}
	if s.Available("mug", t0) != 3 {
		t.Fatal("committed reservation still held")
	}
	if err := s.Commit(id, t0); !errors.Is(err, ErrNoReservation) {
		t.Fatal(err)
	}
	late, _ := s.Reserve("mug", 1, t0, time.Second)
	if err := s.Commit(late, t0.Add(time.Second)); !errors.Is(err, ErrNoReservation) {
		t.Fatal("expired reservation committed")
	}
	if n, _ := s.Stock("mug"); n != 3 {
		t.Fatalf("stock %d", n)
	}
	r, _ := s.Reserve("mug", 3, t0, time.Hour)
	if s.Available("mug", t0) != 0 {
		t.Fatal("not held")
	}
	if err := s.Release(r); err != nil || s.Available("mug", t0) != 3 {
		t.Fatal("release failed")
	}
	if err := s.Release(r); !errors.Is(err, ErrNoReservation) {
		t.Fatal(err)
	}
}
