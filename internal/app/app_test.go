package app_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/storage"
)

// TestEveryServiceWired: a service added to api.Services but not to app.Services would leave its
// routes answering with a nil-pointer 500 in the binary, the API tests and the browser journeys,
// which all build their server with app.New.
func TestEveryServiceWired(t *testing.T) {
	db, err := storage.Open(t.Context(), filepath.Join(t.TempDir(), "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v := reflect.ValueOf(app.New(db, app.Options{FeedSecret: []byte("secret")}).Services)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("api.Services.%s is not wired: add it to internal/app.Services", v.Type().Field(i).Name)
		}
	}
}
