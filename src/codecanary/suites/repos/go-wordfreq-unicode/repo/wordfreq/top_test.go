package wordfreq

import (
	"reflect"
	"testing"
)

func TestExistingTop(t *testing.T) {
	got := Top("b a b c a b", 2)
	want := []Count{{"b", 3}, {"a", 2}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestExistingWords(t *testing.T) {
	got := Words("hello, world 42!")
	if !reflect.DeepEqual(got, []string{"hello", "world", "42"}) {
		t.Fatalf("got %v", got)
	}
}
