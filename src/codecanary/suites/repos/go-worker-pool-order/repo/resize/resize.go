package resize

import (
	"fmt"

	"example.com/pool/pool"
)

// Thumbnails returns "name:WxH" descriptions for the given files.
func Thumbnails(files []string, sizes map[string]int) ([]string, error) {
	return pool.Map(files, 4, func(f string) (string, error) {
		s, ok := sizes[f]
		if !ok {
			return "", fmt.Errorf("missing %s", f)
		}
		return fmt.Sprintf("%s:%dx%d", f, s/2, s/2), nil
	})
}
