package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) sessionRoutes(r chi.Router) {
	r.Get("/sessions", s.h(s.findSessions))
	r.Get("/sessions/{id}", s.h(s.findSession))
	r.Patch("/sessions/{id}", s.h(s.updateSession))
}

func (s *Server) findSessions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := linli.SessionFilter{CommunityID: q.Get("community_id"), ProgramID: q.Get("program_id"), Kind: q.Get("kind"), Category: q.Get("category")}
	var err error
	if f.Page, err = pageParams(r); err != nil {
		return err
	}
	if f.Age, f.HasAge, err = ageParam(r); err != nil {
		return err
	}
	if f.From, f.To, err = dateRange(r); err != nil {
		return err
	}
	switch q.Get("has_seats") {
	case "true":
		f.HasSeats = true
	case "", "false":
	default:
		return linli.Invalid("has_seats", "has_seats must be true or false")
	}
	items, next, err := s.Planning.FindSessions(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findSession(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.Planning.FindSession(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "session", sess)
}

func (s *Server) updateSession(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.Planning.UpdateSession(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.SessionChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "session", sess)
}
