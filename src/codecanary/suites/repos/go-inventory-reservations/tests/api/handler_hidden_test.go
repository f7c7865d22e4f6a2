package api

import (
	"testing"
	"time"

	"example.com/inventory/inventory"
)

func TestHiddenReserveCommands(t *testing.T) {
	h := Handler{inventory.NewStore()}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		cmd  string
		at   time.Duration
		want string
	}{
		{"add lamp 3", 0, "ok"},
		{"reserve lamp 2 10m", 0, "ok r1"},
		{"sell lamp 2", time.Minute, "error: insufficient stock"},
		{"sell lamp 1", time.Minute, "ok"},
		{"reserve lamp 1 10m", time.Minute, "error: insufficient stock"},
		{"commit r1", 2 * time.Minute, "ok"},
		{"stock lamp", 2 * time.Minute, "lamp 0"},
		{"commit r1", 2 * time.Minute, "error: no such reservation"},
		{"add lamp 1", 3 * time.Minute, "ok"},
		{"reserve lamp 1 1s", 3 * time.Minute, "ok r2"},
		{"sell lamp 1", 3*time.Minute + time.Second, "ok"},
		{"reserve lamp 1 soon", 4 * time.Minute, "error: bad ttl"},
		{"reserve lamp x 1m", 4 * time.Minute, "error: bad quantity"},
		{"reserve lamp 1", 4 * time.Minute, "error: unknown command"},
		{"add lamp 1 1m", 4 * time.Minute, "error: unknown command"},
	}
	for _, s := range steps {
		if got := h.Handle(s.cmd, t0.Add(s.at)); got != s.want {
			t.Fatalf("%q: got %q want %q", s.cmd, got, s.want)
		}
	}
}
