package api

import (
	"context"
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
		limit := bodyLimit(r)
		if r.ContentLength > limit {
			s.renderError(w, r, tooLarge(limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit+1)
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

// clientAddr returns the client's address, as the limits and the logs use it (clientAddress).
func (s *Server) clientAddr(r *http.Request) string {
	return clientAddress(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.TrustedProxies)
}

// clientAddress returns the client's address: the peer's, unless the peer is in one of the
// trusted ranges (the server's reverse proxies and load balancers). From a trusted peer, it is the
// right-most hop of X-Forwarded-For that is not itself trusted, since each proxy appends the
// address it saw and only hops written by trusted proxies can be believed; the left-most hop when
// every hop is trusted; the peer's when the header is missing or a hop read before the answer is
// malformed. Whatever an untrusted peer sends in the header is ignored.
func clientAddress(remoteAddr string, forwardedFor []string, trusted []netip.Prefix) string {
	peer, ok := parseHop(remoteAddr)
	if !ok {
		return remoteAddr
	}
	if !inRanges(peer, trusted) {
		return peer.String()
	}
	client := peer
	hops := strings.Split(strings.Join(forwardedFor, ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return peer.String()
		}
		client = a
		if !inRanges(a, trusted) {
			break
		}
	}
	return client.String()
}

// parseHop reads an address as X-Forwarded-For and RemoteAddr write it: bare, or with a port
// ("203.0.113.9:443", "[2001:db8::1]:443"); an IPv4-mapped IPv6 address is read as IPv4, and a
// zone is dropped (no range contains a zoned address).
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

func inRanges(a netip.Addr, ranges []netip.Prefix) bool {
	for _, p := range ranges {
		if p.Contains(a) {
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
