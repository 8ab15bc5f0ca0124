package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFilesPrivate: the database, its -wal and -shm, and a backup are readable by their owner only,
// whatever the umask, and a database file others can read is refused with a message that says
// how to fix it.
func TestFilesPrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "linli.db")
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.write.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ('x', 'y')`); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "copy.db")
	if err := d.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm", backup} {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", filepath.Base(f), perm)
		}
	}
	d.Close()

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("opening a world-readable database: %v; want a refusal naming the file and chmod 600", err)
	}
}
