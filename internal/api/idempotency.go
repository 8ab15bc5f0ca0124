package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/linli/linli/internal/linli"
)

// IdempotencyTTL is how long the first answer to a create request is kept for replay.
const IdempotencyTTL = 24 * time.Hour

// idempotencyPending is when a key whose request never finished (a crash) may be taken again.
const idempotencyPending = time.Minute

// StoredResponse is a replayable HTTP answer: what the first request with an Idempotency-Key got.
type StoredResponse struct {
	Status      int
	ContentType string
	Body        []byte
}

// IdempotencyStore keeps the entries of Idempotency-Key: for each scope and key, the hash of the
// request (method, path and body) that made it and, once it has run, its answer. The API decides
// what an entry means; storage.Idempotency keeps the rows.
type IdempotencyStore interface {
	// Reserve makes the entry for scope and key with hash and no answer yet, replacing one made
	// more than keep ago or, still without an answer, more than pending ago. It reports whether it
	// did: false means a live entry holds scope and key.
	Reserve(ctx context.Context, scope, key string, hash []byte, keep, pending time.Duration) (bool, error)
	// Held returns the entry for scope and key: its hash and its answer, status 0 while its
	// request runs. No entry is a linli.ENotFound error.
	Held(ctx context.Context, scope, key string) (hash []byte, status int, contentType string, body []byte, err error)
	// Keep stores the answer of the entry for scope and key, and forgets entries made more than
	// keep ago.
	Keep(ctx context.Context, scope, key string, status int, contentType string, body []byte, keep time.Duration) error
	// Release deletes the entry for scope and key, so that a retry runs again.
	Release(ctx context.Context, scope, key string) error
}

// idempotent replays the first answer to a create request retried with the same Idempotency-Key by
// the same user within 24 hours; the same key with another body is 409 conflict.
func (s *Server) idempotent(next http.Handler) http.Handler { return s.idempotency(next, false) }

// idempotentSecret is idempotent for a route whose answer carries a secret (a reset code): the
// answer is never stored, and a retry with the same key is 409 conflict instead of a replay.
func (s *Server) idempotentSecret(next http.Handler) http.Handler { return s.idempotency(next, true) }

// secretNotKept is what a retry of an answer that carried a secret gets.
var secretNotKept = linli.Error{Code: linli.EConflict, Field: "Idempotency-Key",
	Message: "the first answer to this Idempotency-Key carried a secret, which is never kept; send a new request without the key"}

func (s *Server) idempotency(next http.Handler, secret bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > 200 {
			s.renderError(w, r, linli.Invalid("Idempotency-Key", "the key may have at most 200 characters"))
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			s.renderError(w, r, linli.Errorf(linli.ETooLarge, "the request body is larger than 1 MiB"))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		scope := "anon:" + s.clientAddr(r)
		if a := actorOf(r); a != nil {
			scope = "user:" + a.User.ID
		}
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...))
		stored, err := s.beginIdempotent(r.Context(), scope, key, sum[:])
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if stored != nil {
			w.Header().Set("Content-Type", stored.ContentType)
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(stored.Status)
			w.Write(stored.Body)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			resp := StoredResponse{Status: rec.status, ContentType: rec.Header().Get("Content-Type"), Body: rec.buf.Bytes()}
			if secret && resp.Status < 300 {
				resp = storedError(&secretNotKept)
			}
			if err := s.finishIdempotent(r.Context(), scope, key, resp); err != nil {
				s.Logger.Error("idempotency finish", "err", err.Error())
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// beginIdempotent reserves scope and key for a request whose method, path and body hash to hash,
// and returns nil: the caller runs the request. When a live entry holds them, it returns the
// answer to replay, or a conflict when that entry is another request's or is still running.
func (s *Server) beginIdempotent(ctx context.Context, scope, key string, hash []byte) (*StoredResponse, error) {
	// An entry released between Reserve and Held (its request failed) is reserved again.
	for range 3 {
		made, err := s.Idempotency.Reserve(ctx, scope, key, hash, IdempotencyTTL, idempotencyPending)
		if err != nil || made {
			return nil, err
		}
		held, status, ctype, body, err := s.Idempotency.Held(ctx, scope, key)
		if linli.ErrorCode(err) == linli.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(held, hash) {
			return nil, &linli.Error{Code: linli.EConflict, Field: "Idempotency-Key", Message: "this Idempotency-Key was used with a different request"}
		}
		if status == 0 {
			break
		}
		return &StoredResponse{Status: status, ContentType: ctype, Body: body}, nil
	}
	return nil, &linli.Error{Code: linli.EConflict, Field: "Idempotency-Key", Message: "a request with this Idempotency-Key is still running"}
}

// finishIdempotent keeps the answer for scope and key; a 5xx answer releases the key instead,
// so that a retry runs again.
func (s *Server) finishIdempotent(ctx context.Context, scope, key string, resp StoredResponse) error {
	ctx = context.WithoutCancel(ctx)
	if resp.Status >= 500 {
		return s.Idempotency.Release(ctx, scope, key)
	}
	return s.Idempotency.Keep(ctx, scope, key, resp.Status, resp.ContentType, resp.Body, IdempotencyTTL)
}

// recorder passes a response through while keeping a copy.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}

// storedError is the stored answer of err, as renderError would write it.
func storedError(err *linli.Error) StoredResponse {
	var body errorBody
	body.Error.Code, body.Error.Message, body.Error.Field = err.Code, err.Message, err.Field
	b, _ := json.Marshal(body)
	return StoredResponse{Status: statusOf[err.Code], ContentType: "application/json; charset=utf-8", Body: append(b, '\n')}
}
