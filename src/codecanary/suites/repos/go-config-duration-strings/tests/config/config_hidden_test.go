package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string) string {
	p := filepath.Join(t.TempDir(), "c.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHiddenRepoConfig(t *testing.T) {
	cfg, err := Load("../config.json")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Listen: ":8080", ReadTimeout: 1500 * time.Millisecond, WriteTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	if cfg != want {
		t.Fatalf("got %+v want %+v", cfg, want)
	}
}

func TestHiddenDefaults(t *testing.T) {
	cfg, err := Load(write(t, `{"idle_timeout": "90s"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.IdleTimeout = 90 * time.Second
	if cfg != want {
		t.Fatalf("got %+v", cfg)
	}
	cfg, err = Load(write(t, `{"read_timeout": 0}`))
	if err != nil || cfg.ReadTimeout != 0 {
		t.Fatalf("zero seconds: %+v %v", cfg, err)
	}
}

func TestHiddenErrors(t *testing.T) {
	for field, body := range map[string]string{
		"read_timeout":  `{"read_timeout": "soon"}`,
		"write_timeout": `{"write_timeout": "-5s"}`,
		"idle_timeout":  `{"idle_timeout": -1}`,
	} {
		_, err := Load(write(t, body))
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Fatalf("%s: err %v", field, err)
		}
	}
}
