package api

import (
	"context"
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
