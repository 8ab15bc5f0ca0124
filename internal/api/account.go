package api

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) accountRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/auth/register", s.h(s.register))
	r.Post("/auth/login", s.h(s.login))
	r.Post("/auth/logout", s.h(s.logout))
	r.Post("/auth/reset", s.h(s.resetPassword))
	r.Get("/me", s.h(s.me))
	r.Patch("/me", s.h(s.updateMe))
	r.Delete("/me", s.h(s.deleteMe))
	r.With(s.idempotentSecret).Post("/users/{id}/password-reset", s.h(s.issueReset))
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	var in linli.Registration
	if err := decode(r, &in); err != nil {
		return err
	}
	if s.RegisterLimit > 0 && !s.registrations.Take(s.limitAddr(r), s.RegisterLimit, s.Now()) {
		return linli.Errorf(linli.ERateLimited, "too many registrations from your network; wait a few minutes")
	}
	u, err := s.Accounts.Register(r.Context(), in)
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "user", u)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var in linli.Credentials
	if err := decode(r, &in); err != nil {
		return err
	}
	// A failed sign-in is answered after up to linli.MaxLoginDelay: longer than the server's write timeout.
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(linli.MaxLoginDelay + 30*time.Second))
	u, token, err := s.Accounts.Login(r.Context(), in, s.limitAddr(r), r.UserAgent())
	if err != nil {
		return err
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		s.Accounts.Logout(r.Context(), actorOf(r), c.Value)
	}
	http.SetCookie(w, s.sessionCookie(token, int(linli.SessionLifetime.Seconds())))
	return one(w, http.StatusOK, "user", u)
}

func (s *Server) sessionCookie(token string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.SecureCookies}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	var token string
	if c, err := r.Cookie(SessionCookie); err == nil {
		token = c.Value
	}
	if err := s.Accounts.Logout(r.Context(), actorOf(r), token); err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie("", -1))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	p, err := actorOf(r).Profile()
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) updateMe(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	// A wrong current password is answered after up to linli.MaxLoginDelay, as a failed sign-in.
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(linli.MaxLoginDelay + 30*time.Second))
	u, err := s.Accounts.UpdateProfile(r.Context(), a, input[linli.ProfileChange](r), s.limitAddr(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, linli.Profile{User: *u, Memberships: a.Memberships})
}

func (s *Server) issueReset(w http.ResponseWriter, r *http.Request) error {
	code, err := s.Accounts.IssueReset(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]string{"reset_code": code})
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var in linli.PasswordReset
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Accounts.ResetPassword(r.Context(), in, s.limitAddr(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
