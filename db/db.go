// Package db embeds the database migrations: numbered .sql files run in order, one transaction
// each, never edited once released.
package db

import "embed"

// SQLite holds the SQLite migrations under migrations/sqlite.
//
//go:embed migrations/sqlite/*.sql
var SQLite embed.FS

// Postgres holds the PostgreSQL migrations under migrations/postgres.
//
//go:embed migrations/postgres/*.sql
var Postgres embed.FS
