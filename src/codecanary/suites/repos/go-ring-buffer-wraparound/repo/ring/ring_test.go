package ring

import (
	"reflect"
	"testing"
)

func TestExistingNotFull(t *testing.T) {
	b := New(4)
	b.Push(1)
	b.Push(2)
	if !reflect.DeepEqual(b.Items(), []float64{1, 2}) || b.Len() != 2 {
		t.Fatalf("items %v len %d", b.Items(), b.Len())
	}
	if v, ok := b.Last(); !ok || v != 2 {
		t.Fatalf("last %v %v", v, ok)
	}
}
