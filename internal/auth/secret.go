package auth

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
)

// MinSecretBytes is the shortest server secret accepted.
const MinSecretBytes = 32

// LoadSecret reads the server secret kept in the file at path, first creating the file with 32
// random bytes (as 64 hex digits, mode 0600) when it does not exist; created says so. The secret
// is the file's content without surrounding white space, at least MinSecretBytes long. A file
// that group or others may read or write is refused, as ssh refuses such a key.
func LoadSecret(path string) (secret []byte, created bool, err error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		if created, err = createSecret(path); err != nil {
			return nil, false, err
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, false, err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, false, fmt.Errorf("secret file %s has mode %04o: others could read it; run chmod 600 %s", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	if b = bytes.TrimSpace(b); len(b) < MinSecretBytes {
		return nil, false, fmt.Errorf("secret file %s holds %d bytes; at least %d are needed", path, len(b), MinSecretBytes)
	}
	return b, created, nil
}

// createSecret writes a new secret to path unless another process got there first: the secret is
// written and synced under a temporary name, then linked into place, which fails if path exists.
func createSecret(path string) (bool, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".secret-*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// FeedToken returns the personal feed token of a user for a generation of their feed:
// HMAC-SHA256 under the server secret, 256 bits, URL-safe. The database keeps only its
// HashToken, so the owner can always be shown the token while a copy of the database alone
// opens no feed.
func FeedToken(secret []byte, userID string, generation int) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("linli feed token\x00" + userID + "\x00" + strconv.Itoa(generation)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
