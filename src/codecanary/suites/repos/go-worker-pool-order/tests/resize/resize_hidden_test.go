package resize

import (
	"reflect"
	"testing"
)

func TestHiddenThumbnails(t *testing.T) {
	files := []string{"a.png", "b.png", "c.png", "d.png", "e.png"}
	sizes := map[string]int{"a.png": 800, "b.png": 400, "c.png": 200, "d.png": 100, "e.png": 50}
	got, err := Thumbnails(files, sizes)
	want := []string{"a.png:400x400", "b.png:200x200", "c.png:100x100", "d.png:50x50", "e.png:25x25"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := Thumbnails([]string{"a.png", "zz.png"}, sizes); err == nil {
		t.Fatal("missing file accepted")
	}
}
