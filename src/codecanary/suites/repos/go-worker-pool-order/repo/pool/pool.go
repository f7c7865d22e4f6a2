package pool

import "sync"

type res[R any] struct {
	r   R
	err error
}

// Map applies fn to every input using up to `workers` goroutines.
func Map[T, R any](inputs []T, workers int, fn func(T) (R, error)) ([]R, error) {
	jobs := make(chan T)
	out := make(chan res[R], len(inputs))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range jobs {
				r, err := fn(in)
				out <- res[R]{r, err}
			}
		}()
	}
	for _, in := range inputs {
		jobs <- in
	}
	close(jobs)
	wg.Wait()
	close(out)
	results := []R{}
	var err error
	for r := range out {
		if r.err != nil {
			err = r.err
			continue
		}
		results = append(results, r.r)
	}
	return results, err
}
