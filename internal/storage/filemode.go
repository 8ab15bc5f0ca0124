package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
)

// privateMode is the mode of every file that holds the database's data: the owner's alone.
const privateMode fs.FileMode = 0o600

// prepareFile makes sure the database file at path is its owner's alone before SQLite opens it:
// a missing file is created empty with mode 0600 (SQLite then gives its -wal and -shm files the
// same mode), and an existing file, -wal or -shm that group or others may read is refused, as ssh
// refuses such a key, with the command that fixes it.
func prepareFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, privateMode)
	if err == nil {
		return errors.Join(f.Chmod(privateMode), f.Close())
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	if runtime.GOOS == "windows" {
		return nil
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			return fmt.Errorf("sqlite: database file %s has mode %04o: other users could read it; run chmod 600 %s", p, perm, p)
		}
	}
	return nil
}

// createPrivate creates the empty file at path with mode 0600; it fails if path exists.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateMode)
	if err != nil {
		return err
	}
	return errors.Join(f.Chmod(privateMode), f.Close())
}
