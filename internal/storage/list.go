package storage

import (
	"context"
	"database/sql"

	"github.com/linli/linli/internal/linli"
)

// listPage runs a keyset-paged query whose last two parameters are the cursor key and the limit,
// and returns at most limit items with the cursor of the next page.
func listPage[T any](ctx context.Context, pool *sql.DB, p linli.Page, query string, scan func(*sql.Rows) (T, error), key func(T) string, args ...any) ([]T, string, error) {
	limit, after, err := pageOf(p)
	if err != nil {
		return nil, "", err
	}
	rows, err := pool.QueryContext(ctx, query, append(args, after, limit+1)...)
	if err != nil {
		return nil, "", translate(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, "", translate(err)
	}
	return trimPage(out, limit, key)
}
