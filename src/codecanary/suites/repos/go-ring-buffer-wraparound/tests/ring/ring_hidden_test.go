package ring

import (
	"reflect"
	"testing"
)

func TestHiddenWrap(t *testing.T) {
	b := New(3)
	for i := 1; i <= 5; i++ {
		b.Push(float64(i))
	}
	if !reflect.DeepEqual(b.Items(), []float64{3, 4, 5}) {
		t.Fatalf("items %v", b.Items())
	}
	if b.Len() != 3 || b.Cap() != 3 {
		t.Fatalf("len %d cap %d", b.Len(), b.Cap())
	}
	if v, ok := b.Last(); !ok || v != 5 {
		t.Fatalf("last %v", v)
	}
	b.Push(6)
	if v, _ := b.Last(); v != 6 {
		t.Fatalf("last after exact wrap %v", v)
	}
	if !reflect.DeepEqual(b.Items(), []float64{4, 5, 6}) {
		t.Fatalf("items %v", b.Items())
	}
}

func TestHiddenCapOne(t *testing.T) {
	b := New(1)
	if _, ok := b.Last(); ok {
		t.Fatal("empty buffer has a last element")
	}
	for i := 0; i < 4; i++ {
		b.Push(float64(i))
	}
	if !reflect.DeepEqual(b.Items(), []float64{3}) || b.Len() != 1 {
		t.Fatalf("items %v", b.Items())
	}
	if v, ok := b.Last(); !ok || v != 3 {
		t.Fatalf("last %v", v)
	}
}

func TestHiddenPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	New(0)
}
