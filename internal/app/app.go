// Package app wires the storage services into the API: the one place that says which
// implementation serves each part of api.Services, for the server binary and for tests that run
// the whole server (the browser tests).
package app

import (
	"net/http"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/sqlite"
)

// Services returns the API's services, all kept in db.
func Services(db *sqlite.DB) api.Services {
	return api.Services{
		Accounts:    sqlite.Accounts{DB: db},
		Communities: sqlite.Communities{DB: db},
		Audit:       sqlite.Audit{DB: db},
		Idempotency: sqlite.Idempotency{DB: db},
		Planning:    sqlite.Planning{DB: db},
		Attendance:  sqlite.Attendance{DB: db},
		Children:    sqlite.Children{DB: db},
		Bookings:    sqlite.Bookings{DB: db},
		Notices:     sqlite.Notifications{DB: db},
		Volunteers:  sqlite.Volunteers{DB: db},
		Feeds:       sqlite.Feeds{DB: db}, // the secret file beside the database; the binary loads it at start
		Ready:       func(r *http.Request) error { return db.Ping(r.Context()) },
	}
}
