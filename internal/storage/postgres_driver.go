package storage

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// The storage's SQL is written once, with SQLite's placeholders (? and ?N). On PostgreSQL every
// connection goes through pgConn, which rewrites them to $N before pgx sees the statement, so
// the two databases run the same statements (see docs/postgres.md for what else differs).

// pgConnector hands out pgx connections that rewrite placeholders.
type pgConnector struct{ driver.Connector }

// newPgConnector returns a connector for the PostgreSQL server named by the URL.
func newPgConnector(url string) (driver.Connector, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	return pgConnector{stdlib.GetConnector(*cfg)}, nil
}

// Connect opens one connection.
func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn.(*stdlib.Conn)}, nil
}

// pgConn is a pgx connection that takes SQLite's placeholders.
type pgConn struct{ *stdlib.Conn }

// PrepareContext prepares the rewritten statement.
func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	q := rebind(query)
	st, err := c.Conn.PrepareContext(ctx, q.text)
	if err != nil {
		return nil, err
	}
	return pgStmt{st, q}, nil
}

// Prepare prepares the rewritten statement.
func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// ExecContext runs the rewritten statement.
func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	q := rebind(query)
	return c.Conn.ExecContext(ctx, q.text, q.bind(args))
}

// QueryContext runs the rewritten query.
func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q := rebind(query)
	return c.Conn.QueryContext(ctx, q.text, q.bind(args))
}

// pgFlag is a Go bool given to a statement. Flags are stored as INTEGER 0/1 on both databases,
// and a bool is also a condition (? OR …): pgx encodes a pgFlag as whichever the statement needs.
type pgFlag bool

// Int64Value is the flag as 0 or 1.
func (f pgFlag) Int64Value() (pgtype.Int8, error) {
	if f {
		return pgtype.Int8{Int64: 1, Valid: true}, nil
	}
	return pgtype.Int8{Valid: true}, nil
}

// BoolValue is the flag as a boolean.
func (f pgFlag) BoolValue() (pgtype.Bool, error) { return pgtype.Bool{Bool: bool(f), Valid: true}, nil }

// pgStmt is a prepared statement that takes SQLite's arguments.
type pgStmt struct {
	driver.Stmt
	q pgStatement
}

// NumInput is the number of arguments the statement takes as SQLite numbers them: any (-1).
func (s pgStmt) NumInput() int { return -1 }

// ExecContext runs the statement.
func (s pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, s.q.bind(args))
}

// QueryContext runs the query.
func (s pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, s.q.bind(args))
}

// rebound caches the rewrite of every statement text seen: the storage has a few hundred.
var rebound sync.Map

// pgStatement is a statement rewritten for PostgreSQL. PostgreSQL must know the type of every
// $N up to the largest, where SQLite lets ?1 and ?3 go without ?2; so the placeholders are
// numbered again densely, and args holds the SQLite number of each $N. As SQLite does, a
// statement given more arguments than it uses ignores the rest (a loop may run statements of
// one, two or three parameters with the same arguments).
type pgStatement struct {
	text string
	args []int
}

// bind picks the statement's arguments in the order of its $N.
func (q pgStatement) bind(args []driver.NamedValue) []driver.NamedValue {
	out := make([]driver.NamedValue, len(q.args))
	for i, n := range q.args {
		if n <= len(args) {
			out[i] = args[n-1]
		}
		out[i].Ordinal = i + 1
		if b, ok := out[i].Value.(bool); ok {
			out[i].Value = pgFlag(b)
		}
	}
	return out
}

// rebind rewrites ? and ?N placeholders to $N, leaving quoted text and comments alone. A bare ?
// takes the number after the largest used so far, as SQLite numbers it.
func rebind(query string) pgStatement {
	if q, ok := rebound.Load(query); ok {
		return q.(pgStatement)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	var q pgStatement
	dense := map[int]int{}
	last := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) && query[j] != c {
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			n := last + 1
			if j > i+1 {
				n, _ = strconv.Atoi(query[i+1 : j])
			}
			last = max(last, n)
			if dense[n] == 0 {
				q.args = append(q.args, n)
				dense[n] = len(q.args)
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(dense[n]))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	q.text = b.String()
	rebound.Store(query, q)
	return q
}
