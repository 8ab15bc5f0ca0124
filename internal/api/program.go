package api

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// planningRoutes serves day calendars, programs and sessions.
func (s *Server) planningRoutes(r chi.Router) {
	s.calendarRoutes(r)
	s.programRoutes(r)
	s.sessionRoutes(r)
}

func (s *Server) programRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/communities/{id}/programs", s.h(s.createProgram))
	r.Get("/programs", s.h(s.findPrograms))
	r.Get("/programs/{id}", s.h(s.findProgram))
	r.Patch("/programs/{id}", s.h(s.updateProgram))
	r.Delete("/programs/{id}", s.h(s.deleteProgram))
}

func (s *Server) createProgram(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Planning.CreateProgram(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.ProgramChange](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}

func (s *Server) findPrograms(w http.ResponseWriter, r *http.Request) error {
	f := linli.ProgramFilter{CommunityID: r.URL.Query().Get("community_id"), Kind: r.URL.Query().Get("kind"), Category: r.URL.Query().Get("category")}
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
	items, next, err := s.Planning.FindPrograms(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

// ageParam reads ?age=, the age of a child in whole years.
func ageParam(r *http.Request) (int, bool, error) {
	v := r.URL.Query().Get("age")
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 120 {
		return 0, false, linli.Invalid("age", "age must be a whole number of years")
	}
	return n, true, nil
}

func (s *Server) findProgram(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Planning.FindProgram(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "program", p)
}

func (s *Server) updateProgram(w http.ResponseWriter, r *http.Request) error {
	a, id, in := actorOf(r), chi.URLParam(r, "id"), input[linli.ProgramChange](r)
	dry, err := dryRun(r)
	if err != nil {
		return err
	}
	if dry {
		res, err := s.Planning.PreviewProgram(r.Context(), a, id, in)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, res)
	}
	res, err := s.Planning.UpdateProgram(r.Context(), a, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// dryRun reads ?dry_run=true (or false, or absent).
func dryRun(r *http.Request) (bool, error) {
	switch r.URL.Query().Get("dry_run") {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, linli.Invalid("dry_run", "dry_run must be true or false")
}

func (s *Server) deleteProgram(w http.ResponseWriter, r *http.Request) error {
	if err := s.Planning.DiscontinueProgram(r.Context(), actorOf(r), chi.URLParam(r, "id"), r.URL.Query().Get("reason")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
