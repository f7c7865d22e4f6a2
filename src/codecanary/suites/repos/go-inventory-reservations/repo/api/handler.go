package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"example.com/inventory/inventory"
)

type Handler struct{ Store *inventory.Store }

func (h Handler) Handle(cmd string, now time.Time) string {
	f := strings.Fields(cmd)
	if len(f) == 0 {
		return "error: empty command"
	}
	switch {
	case f[0] == "stock" && len(f) == 2:
		n, err := h.Store.Stock(f[1])
		if err != nil {
			return "error: " + err.Error()
		}
		return fmt.Sprintf("%s %d", f[1], n)
	case (f[0] == "add" || f[0] == "sell") && len(f) == 3:
		qty, err := strconv.Atoi(f[2])
		if err != nil {
			return "error: bad quantity"
		}
		if f[0] == "add" {
			err = h.Store.Add(f[1], qty)
		} else {
			err = h.Store.Sell(f[1], qty)
		}
		if err != nil {
			return "error: " + err.Error()
		}
		return "ok"
	}
	return "error: unknown command"
}
