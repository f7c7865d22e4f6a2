package config

import (
	"encoding/json"
	"os"
	"time"
)

type Config struct {
	Listen       string
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
}

func Default() Config {
	return Config{Listen: ":80", ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, IdleTimeout: time.Minute}
}

type raw struct {
	Listen       *string `json:"listen"`
	ReadTimeout  *int    `json:"read_timeout"`
	WriteTimeout *int    `json:"write_timeout"`
	IdleTimeout  *int    `json:"idle_timeout"`
}

func Load(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, err
	}
	var r raw
	if err := json.Unmarshal(data, &r); err != nil {
		return cfg, err
	}
	if r.Listen != nil {
		cfg.Listen = *r.Listen
	}
	if r.ReadTimeout != nil {
		cfg.ReadTimeout = time.Duration(*r.ReadTimeout) * time.Second
	}
	if r.WriteTimeout != nil {
		cfg.WriteTimeout = time.Duration(*r.WriteTimeout) * time.Second
	}
	if r.IdleTimeout != nil {
		cfg.IdleTimeout = time.Duration(*r.IdleTimeout) * time.Second
	}
	return cfg, nil
}
