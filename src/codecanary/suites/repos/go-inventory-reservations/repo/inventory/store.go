package inventory

import "errors"

var (
	ErrUnknownSKU   = errors.New("unknown sku")
	ErrInsufficient = errors.New("insufficient stock")
	ErrInvalidQty   = errors.New("invalid quantity")
)

type Store struct {
	stock map[string]int
}

func NewStore() *Store { return &Store{stock: map[string]int{}} }

func (s *Store) Add(sku string, qty int) error {
	if qty < 1 {
		return ErrInvalidQty
	}
	s.stock[sku] += qty
	return nil
}

func (s *Store) Stock(sku string) (int, error) {
	n, ok := s.stock[sku]
	if !ok {
		return 0, ErrUnknownSKU
	}
	return n, nil
}

func (s *Store) Sell(sku string, qty int) error {
	if qty < 1 {
		return ErrInvalidQty
	}
	n, ok := s.stock[sku]
	if !ok {
		return ErrUnknownSKU
	}
	if n < qty {
		return ErrInsufficient
	}
	s.stock[sku] = n - qty
	return nil
}
