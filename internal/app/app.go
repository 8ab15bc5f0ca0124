// Package app wires the storage services into the API: the one place that says which
// implementation serves each part of api.Services, for the server binary and for tests that run
// the whole server (the browser tests).
package app

import (
	"net/http"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/storage"
)

// Services returns the API's services, all kept in db.
func Services(db *storage.DB) api.Services {
	return api.Services{
		Accounts:    storage.Accounts{DB: db},
		Communities: storage.Communities{DB: db},
		Audit:       storage.Audit{DB: db},
		Idempotency: storage.Idempotency{DB: db},
		Planning:    storage.Planning{DB: db},
		Attendance:  storage.Attendance{DB: db},
		Children:    storage.Children{DB: db},
		Bookings:    storage.Bookings{DB: db},
		Notices:     storage.Notifications{DB: db},
		Volunteers:  storage.Volunteers{DB: db},
		Feeds:       storage.Feeds{DB: db}, // the secret file beside the database; the binary loads it at start
		Ready:       func(r *http.Request) error { return db.Ping(r.Context()) },
	}
}
