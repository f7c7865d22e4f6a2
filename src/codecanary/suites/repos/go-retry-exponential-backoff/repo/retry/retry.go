package retry

import "errors"

// Policy says how often to try.
type Policy struct {
	MaxAttempts int
}

// ErrNoAttempts is returned when MaxAttempts < 1.
var ErrNoAttempts = errors.New("retry: MaxAttempts must be >= 1")

// Do calls op until it returns nil or the attempts are used up.
func Do(op func() error, p Policy) error {
	if p.MaxAttempts < 1 {
		return ErrNoAttempts
	}
	var err error
	for attempt := 0; attempt < p.MaxAttempts; attempt++ {
		if err = op(); err == nil {
			return nil
		}
	}
	return err
}
