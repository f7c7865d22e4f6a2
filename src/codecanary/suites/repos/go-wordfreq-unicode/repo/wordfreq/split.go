package wordfreq

// Words splits text into words.
func Words(text string) []string {
	var words []string
	start := -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		isWord := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		if isWord && start < 0 {
			start = i
		} else if !isWord && start >= 0 {
			words = append(words, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, text[start:])
	}
	return words
}
