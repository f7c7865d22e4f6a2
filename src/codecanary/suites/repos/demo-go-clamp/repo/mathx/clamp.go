// Package mathx holds small integer helpers.
package mathx

// Clamp limits v to the closed range [lo, hi].
func Clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	return v
}
