package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// TableCopy is what CopyToPostgres did to one table.
type TableCopy struct {
	Table string
	Rows  int64
	Took  time.Duration
}

// CopyToPostgres copies every row of this SQLite database into the PostgreSQL database at dst,
// for a service that outgrows one machine (docs/postgres.md, "Moving from SQLite"). dst is
// created by the caller and migrated here; it must hold no community and no account. The copy is
// one transaction: the tables in the order of their foreign keys (parents first), each with
// COPY; the tables' own triggers are off while it runs, so the feed versions and entries arrive
// as SQLite kept them instead of being raised again by every copied row; the identity sequences
// are set past the largest id copied. It reports the rows of each table after checking that
// both databases hold the same number. Nothing may write to either database meanwhile.
func (d *DB) CopyToPostgres(ctx context.Context, dst string, progress func(TableCopy)) ([]TableCopy, error) {
	if d.dialect != dialectSQLite {
		return nil, errors.New("copy: the source must be a SQLite file")
	}
	if !IsPostgres(dst) {
		return nil, errors.New("copy: the target must be a postgres:// URL")
	}
	to, err := Open(ctx, dst)
	if err != nil {
		return nil, err
	}
	defer to.Close()
	var held int
	if err := to.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM communities) + (SELECT count(*) FROM users)`).Scan(&held); err != nil {
		return nil, err
	}
	if held > 0 {
		return nil, fmt.Errorf("copy: %s holds communities or accounts already: copy into a new, empty database", to.Path)
	}
	conn, err := to.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var out []TableCopy
	err = conn.Raw(func(driverConn any) error {
		pg := driverConn.(*pgConn).Conn.Conn()
		tables, err := pgTables(ctx, pg)
		if err != nil {
			return err
		}
		out, err = d.copyTables(ctx, pg, tables, progress)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, t := range out {
		var n int64
		if err := to.read.QueryRowContext(ctx, `SELECT count(*) FROM `+t.Table).Scan(&n); err != nil {
			return nil, err
		}
		if n != t.Rows {
			return nil, fmt.Errorf("copy: %s has %d rows on PostgreSQL after copying %d", t.Table, n, t.Rows)
		}
	}
	_, err = to.write.ExecContext(ctx, `ANALYZE`)
	return out, err
}

// pgTable is a table of the target: its columns in order, and the column (if any) that refers
// to another row of the same table, whose rows must then arrive parents first.
type pgTable struct {
	name     string
	columns  []string
	types    []string // PostgreSQL type of each column: text, integer, bigint, bytea
	selfRef  string
	selfKey  string // the column selfRef names (the table's key)
	identity string // the identity column, whose sequence is set after the copy
}

// pgTables reads the target's tables (but schema_migrations, which Open wrote) in an order where
// every table comes after the tables its foreign keys name.
func pgTables(ctx context.Context, pg *pgx.Conn) ([]pgTable, error) {
	rows, err := pg.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type, c.is_identity
		FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	byName := map[string]*pgTable{}
	var names []string
	for rows.Next() {
		var table, column, typ, identity string
		if err := rows.Scan(&table, &column, &typ, &identity); err != nil {
			return nil, err
		}
		t := byName[table]
		if t == nil {
			t = &pgTable{name: table}
			byName[table] = t
			names = append(names, table)
		}
		t.columns, t.types = append(t.columns, column), append(t.types, typ)
		if identity == "YES" {
			t.identity = column
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = pg.Query(ctx, `SELECT con.conrelid::regclass::text, con.confrelid::regclass::text, a.attname, r.attname
		FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
		JOIN pg_attribute r ON r.attrelid = con.confrelid AND r.attnum = con.confkey[1]
		WHERE con.contype = 'f' AND con.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, err
	}
	parents := map[string][]string{}
	for rows.Next() {
		var child, parent, column, key string
		if err := rows.Scan(&child, &parent, &column, &key); err != nil {
			return nil, err
		}
		if child == parent {
			byName[child].selfRef, byName[child].selfKey = column, key
		} else {
			parents[child] = append(parents[child], parent)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var order []pgTable
	done := map[string]bool{}
	for len(order) < len(names) {
		progressed := false
		for _, n := range names {
			if done[n] || slices.ContainsFunc(parents[n], func(p string) bool { return !done[p] }) {
				continue
			}
			done[n], progressed = true, true
			order = append(order, *byName[n])
		}
		if !progressed {
			return nil, errors.New("copy: the target's foreign keys form a cycle between tables")
		}
	}
	return order, nil
}

// copyTables empties the target's tables (the rows its migrations wrote, which the source has
// too) and copies the source's rows into them, in one transaction.
func (d *DB) copyTables(ctx context.Context, pg *pgx.Conn, tables []pgTable, progress func(TableCopy)) ([]TableCopy, error) {
	tx, err := pg.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	for _, t := range tables {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t.name+` DISABLE TRIGGER USER`); err != nil {
			return nil, err
		}
	}
	for i := len(tables) - 1; i >= 0; i-- {
		if _, err := tx.Exec(ctx, `DELETE FROM `+tables[i].name); err != nil {
			return nil, err
		}
	}
	out := make([]TableCopy, 0, len(tables))
	for _, t := range tables {
		start := time.Now()
		n, err := d.copyTable(ctx, tx, t)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", t.name, err)
		}
		if t.identity != "" {
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(max(`+t.identity+`), 1), max(`+t.identity+`) IS NOT NULL) FROM `+t.name, t.name, t.identity); err != nil {
				return nil, err
			}
		}
		c := TableCopy{Table: t.name, Rows: n, Took: time.Since(start)}
		out = append(out, c)
		if progress != nil {
			progress(c)
		}
	}
	for _, t := range tables {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+t.name+` ENABLE TRIGGER USER`); err != nil {
			return nil, err
		}
	}
	return out, tx.Commit(ctx)
}

// copyTable streams one table from SQLite into COPY.
func (d *DB) copyTable(ctx context.Context, tx pgx.Tx, t pgTable) (int64, error) {
	if err := d.sameColumns(ctx, t); err != nil {
		return 0, err
	}
	rows, err := d.read.QueryContext(ctx, `SELECT `+strings.Join(t.columns, ", ")+` FROM `+t.name)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	src := &sqliteRows{rows: rows, table: t, values: make([]any, len(t.columns)), ptrs: make([]any, len(t.columns))}
	for i := range src.values {
		src.ptrs[i] = &src.values[i]
	}
	if t.selfRef == "" {
		return tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, src)
	}
	ordered, err := parentsFirst(src, slices.Index(t.columns, t.selfRef), slices.Index(t.columns, t.selfKey))
	if err != nil {
		return 0, err
	}
	return tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromRows(ordered))
}

// sameColumns checks that the SQLite table has exactly the target's columns: both databases are
// migrated by the same binary, so a difference is a fault of the migrations, not of the data.
func (d *DB) sameColumns(ctx context.Context, t pgTable) error {
	rows, err := d.read.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, t.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		have = append(have, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	want := slices.Clone(t.columns)
	slices.Sort(have)
	slices.Sort(want)
	if !slices.Equal(have, want) {
		return fmt.Errorf("the SQLite table has columns %v, the PostgreSQL one %v", have, want)
	}
	return nil
}

// parentsFirst reads a table whose rows refer to rows of the same table (regions to the region
// above) and orders them so that every row comes after the row it names.
func parentsFirst(src *sqliteRows, refCol, idCol int) ([][]any, error) {
	var pending [][]any
	for src.Next() {
		v, err := src.Values()
		if err != nil {
			return nil, err
		}
		pending = append(pending, slices.Clone(v))
	}
	if err := src.Err(); err != nil {
		return nil, err
	}
	placed := map[any]bool{}
	var out [][]any
	for len(pending) > 0 {
		var next [][]any
		for _, r := range pending {
			if r[refCol] == nil || placed[r[refCol]] {
				placed[r[idCol]] = true
				out = append(out, r)
			} else {
				next = append(next, r)
			}
		}
		if len(next) == len(pending) {
			return nil, fmt.Errorf("%d rows refer to rows that are not there", len(next))
		}
		pending = next
	}
	return out, nil
}

// sqliteRows feeds COPY from a SQLite query, converting each value to the column's type on
// PostgreSQL (SQLite answers any of its types for any column).
type sqliteRows struct {
	rows   *sql.Rows
	table  pgTable
	values []any
	ptrs   []any // a pointer to each of values, for Scan
	err    error
}

// Next advances to the next row.
func (s *sqliteRows) Next() bool { return s.err == nil && s.rows.Next() }

// Values returns the current row, each value of its column's type.
func (s *sqliteRows) Values() ([]any, error) {
	if err := s.rows.Scan(s.ptrs...); err != nil {
		return nil, err
	}
	for i, v := range s.values {
		c, err := pgValue(v, s.table.types[i])
		if err != nil {
			s.err = fmt.Errorf("column %s: %w", s.table.columns[i], err)
			return nil, s.err
		}
		s.values[i] = c
	}
	return s.values, nil
}

// Err is the error that ended the rows.
func (s *sqliteRows) Err() error { return errors.Join(s.err, s.rows.Err()) }

// pgValue converts a value read from SQLite to what a PostgreSQL column of type typ takes.
func pgValue(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "text":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
	case "integer", "bigint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case string:
			return strconv.ParseInt(x, 10, 64)
		}
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	case "double precision", "real", "numeric":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	}
	return nil, fmt.Errorf("cannot store a SQLite %T in a PostgreSQL %s", v, typ)
}
