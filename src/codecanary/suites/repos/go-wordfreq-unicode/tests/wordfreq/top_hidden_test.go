package wordfreq

import (
	"reflect"
	"testing"
)

func TestHiddenUnicode(t *testing.T) {
	got := Top("Über über ÜBER straße", 5)
	want := []Count{{"über", 3}, {"straße", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestHiddenCaseAndTies(t *testing.T) {
	got := Top("The the cat. A dog, a CAT; zebra", 3)
	want := []Count{{"a", 2}, {"cat", 2}, {"the", 2}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestHiddenApostrophe(t *testing.T) {
	got := Words("don't 'quoted' it's")
	want := []string{"don't", "quoted", "it's"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q want %q", got, want)
	}
}

func TestHiddenZeroN(t *testing.T) {
	if got := Top("a b", 0); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
	if got := Top("a b", -1); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
	if got := Top("日本 日本 x", 1); !reflect.DeepEqual(got, []Count{{"日本", 2}}) {
		t.Fatalf("got %v", got)
	}
}
