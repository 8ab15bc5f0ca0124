package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/linli/linli/internal/storage"
)

// backup copies the database while the server may be running, then verifies the copy.
func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("linli backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.dbFlags(fs)
	to := fs.String("to", "", "the file to write the copy to (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("usage: linli backup --db FILE --to COPY")
	}
	if storage.IsPostgres(c.DB) {
		return errors.New("linli backup copies a SQLite file; back up a PostgreSQL database with pg_dump (pg_dump -Fc -f linli.dump 'postgres://…'), see docs/postgres.md")
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *to); err != nil {
		return err
	}
	counts, err := storage.Verify(ctx, *to)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(stdout, "backup %s: integrity ok\n", *to)
	for _, n := range names {
		fmt.Fprintf(stdout, "  %-24s %d rows\n", n, counts[n])
	}
	return nil
}
