package ring

// Buffer is a fixed-capacity FIFO that overwrites its oldest element when full.
type Buffer struct {
	data []float64
	head int // index of the next write
	n    int
}

func New(capacity int) *Buffer {
	if capacity < 1 {
		panic("ring: capacity must be >= 1")
	}
	return &Buffer{data: make([]float64, capacity)}
}

func (b *Buffer) Push(v float64) {
	b.data[b.head] = v
	b.head = (b.head + 1) % len(b.data)
	b.n++
}

func (b *Buffer) Len() int { return b.n }
func (b *Buffer) Cap() int { return len(b.data) }

// Items returns the elements, oldest first.
func (b *Buffer) Items() []float64 {
	out := make([]float64, 0, b.n)
	for i := 0; i < b.n && i < len(b.data); i++ {
		out = append(out, b.data[i])
	}
	return out
}

// Last returns the newest element.
func (b *Buffer) Last() (float64, bool) {
	if b.n == 0 {
		return 0, false
	}
	return b.data[b.head-1], true
}
