package wordfreq

import "sort"

// Count is a word and how often it occurs.
type Count struct {
	Word string
	N    int
}

// Top returns the n most frequent words.
func Top(text string, n int) []Count {
	counts := map[string]int{}
	for _, w := range Words(text) {
		counts[w]++
	}
	out := make([]Count, 0, len(counts))
	for w, c := range counts {
		out = append(out, Count{w, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Word < out[j].Word
	})
	if n < len(out) {
		out = out[:n]
	}
	return out
}
