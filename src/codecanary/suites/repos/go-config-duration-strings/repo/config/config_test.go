package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestExistingSeconds(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(p, []byte(`{"listen": ":9000", "read_timeout": 3}`), 0o644)
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != ":9000" || cfg.ReadTimeout != 3*time.Second || cfg.IdleTimeout != time.Minute {
		t.Fatalf("%+v", cfg)
	}
}
