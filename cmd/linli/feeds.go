package main

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/storage"
)

// errNoFeedSecret refuses to serve a PostgreSQL database without --feed-secret-file.
var errNoFeedSecret = errors.New("--feed-secret-file is needed with a PostgreSQL database: every instance of it must read the same secret")

// loadFeedSecret reads the secret that personal feed tokens derive from: --feed-secret-file, by
// default (SQLite) the database's path plus ".feed-secret", created (mode 0600) on first start. It lives
// outside the database so that a copy of the database reveals no working feed URL; replacing it
// stops every personal feed URL at once (each owner gets a new one on their next GET /me/feeds).
func loadFeedSecret(c *Config, logger *slog.Logger) ([]byte, error) {
	path := c.FeedSecretFile
	if path == "" && storage.IsPostgres(c.DB) {
		return nil, errNoFeedSecret
	}
	if path == "" {
		path = storage.DefaultFeedSecretFile(c.DB)
	}
	secret, created, err := auth.LoadSecret(path)
	if err != nil {
		return nil, fmt.Errorf("--feed-secret-file: %w", err)
	}
	if created {
		logger.Info("created the feed secret; back it up apart from the database", "file", path)
	}
	return secret, nil
}
