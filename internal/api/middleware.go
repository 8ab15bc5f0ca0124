package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// SessionCookie is the name of the sign-in cookie.
const SessionCookie = "linli_session"

type ctxKey int

const actorKey ctxKey = 1

// actorOf returns the signed-in actor of the request, or nil.
func actorOf(r *http.Request) *linli.Actor {
	a, _ := r.Context().Value(actorKey).(*linli.Actor)
	return a
}

// authenticate attaches the actor of a valid session cookie; an invalid cookie leaves the request
// anonymous, so routes that need a user answer 401.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if a, err := s.Accounts.Authenticate(r.Context(), c.Value); err == nil {
				r = r.WithContext(context.WithValue(r.Context(), actorKey, a))
			} else if code := linli.ErrorCode(err); code != linli.EUnauthenticated {
				s.renderError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody bounds every request body; decode turns the overflow into 413.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			s.renderError(w, r, linli.Errorf(linli.ETooLarge, "the request body is larger than 1 MiB"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes+1)
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a logged 500 with the JSON error shape.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "route", routePattern(r), "panic", v)
				s.renderError(w, r, linli.Errorf(linli.EInternal, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// routePattern returns the matched route pattern, never the raw path (it may carry a token).
func routePattern(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if p := rc.RoutePattern(); p != "" {
			return p
		}
	}
	return "unmatched"
}

// clientAddr returns the client's address: the peer, or, when the peer is a trusted proxy, the
// right-most address of X-Forwarded-For that is not itself a trusted proxy.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return host
		}
		if !s.trusted(a) {
			return a.String()
		}
	}
	return host
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
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
		stored, run, err := s.Idempotency.Begin(r.Context(), scope, key, sum[:])
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if !run {
			w.Header().Set("Content-Type", stored.ContentType)
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(stored.Status)
			w.Write(stored.Body)
			return
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			resp := linli.StoredResponse{Status: rec.status, ContentType: rec.Header().Get("Content-Type"), Body: rec.buf.Bytes()}
			if secret && resp.Status < 300 {
				resp = storedError(&secretNotKept)
			}
			if err := s.Idempotency.Finish(r.Context(), scope, key, resp); err != nil {
				s.Logger.Error("idempotency finish", "err", err.Error())
			}
		}()
		next.ServeHTTP(rec, r)
	})
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
func storedError(err *linli.Error) linli.StoredResponse {
	var body errorBody
	body.Error.Code, body.Error.Message, body.Error.Field = err.Code, err.Message, err.Field
	b, _ := json.Marshal(body)
	return linli.StoredResponse{Status: statusOf[err.Code], ContentType: "application/json; charset=utf-8", Body: append(b, '\n')}
}

// limitAddr is the client address as the limits count it: an IPv4 address, or the /64 of an IPv6
// one, since whoever has one IPv6 address usually has its whole /64.
func (s *Server) limitAddr(r *http.Request) string {
	addr := s.clientAddr(r)
	a, err := netip.ParseAddr(addr)
	if err != nil || a.Unmap().Is4() {
		return addr
	}
	p, err := a.Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}
