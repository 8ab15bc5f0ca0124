package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/linli/linli/internal/storage"
)

// copyCmd is `linli copy --db FILE --to postgres://…`: it copies a SQLite database into a new
// PostgreSQL database, for a service that moves to PostgreSQL and several instances
// (docs/postgres.md, "Moving from SQLite"). The server must be stopped meanwhile.
func copyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c Config
	fs := flag.NewFlagSet("linli copy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.dbFlags(fs)
	to := fs.String("to", "", "the PostgreSQL database to copy into: a postgres:// URL of a new, empty database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" || storage.IsPostgres(c.DB) || !storage.IsPostgres(*to) {
		return errors.New("usage: linli copy --db FILE --to postgres://USER@HOST/DATABASE (a SQLite file into a new PostgreSQL database)")
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	fmt.Fprintf(stdout, "linli copy: %s into a PostgreSQL database\n", c.DB)
	fmt.Fprintf(stdout, "%-26s %12s %10s\n", "table", "rows", "seconds")
	tables, err := db.CopyToPostgres(ctx, *to, func(t storage.TableCopy) {
		if t.Rows > 0 {
			fmt.Fprintf(stdout, "%-26s %12d %10.1f\n", t.Table, t.Rows, t.Took.Seconds())
		}
	})
	if err != nil {
		return fmt.Errorf("copy: nothing was copied: %w", err)
	}
	var rows int64
	for _, t := range tables {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "copied %d rows of %d tables in %.1f s; every table holds as many rows on PostgreSQL as in the file\n",
		rows, len(tables), time.Since(start).Seconds())
	fmt.Fprintf(stdout, "serve it with the same feed secret, or every calendar subscription changes its address:\n  linli serve --db 'postgres://…' --feed-secret-file %s\n", c.DB+".feed-secret")
	return nil
}
