package api

import (
	"testing"
	"time"

	"example.com/inventory/inventory"
)

func TestExistingCommands(t *testing.T) {
	h := Handler{inventory.NewStore()}
	now := time.Unix(0, 0)
	steps := [][2]string{
		{"add apple 5", "ok"}, {"sell apple 2", "ok"}, {"stock apple", "apple 3"},
		{"sell apple 9", "error: insufficient stock"}, {"stock pear", "error: unknown sku"},
		{"fly", "error: unknown command"}, {"add apple x", "error: bad quantity"},
	}
	for _, s := range steps {
		if got := h.Handle(s[0], now); got != s[1] {
			t.Fatalf("%q: got %q want %q", s[0], got, s[1])
		}
	}
}
