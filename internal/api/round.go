package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// roundRoutes serves application rounds (报名摇号, API.md "Application rounds").
func (s *Server) roundRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/communities/{id}/rounds", s.h(s.createRound))
	r.Get("/rounds", s.h(s.findRounds))
	r.Get("/rounds/{id}", s.h(s.findRound))
	r.Patch("/rounds/{id}", s.h(s.updateRound))
	r.Delete("/rounds/{id}", s.h(s.deleteRound))
	r.Put("/rounds/{id}/applications/{child_id}", s.h(s.apply))
	r.Get("/rounds/{id}/applications", s.h(s.findApplications))
	r.Delete("/rounds/{id}/applications/{application_id}", s.h(s.withdraw))
	r.Put("/rounds/{id}/applications/{application_id}/priority", s.h(s.setPriority))
	r.Post("/rounds/{id}/close", s.h(s.closeRound))
	r.Post("/rounds/{id}/draw", s.h(s.drawRound))
	r.Get("/rounds/{id}/result", s.h(s.roundResult))
	r.Get("/rounds/{id}/stats", s.h(s.roundStats))
}

func (s *Server) createRound(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Rounds.CreateRound(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.RoundChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "round", x)
}

func (s *Server) findRounds(w http.ResponseWriter, r *http.Request) error {
	f := linli.RoundFilter{CommunityID: r.URL.Query().Get("community_id")}
	var err error
	if f.Page, err = pageParams(r); err != nil {
		return err
	}
	items, next, err := s.Rounds.FindRounds(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findRound(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Rounds.FindRound(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "round", x)
}

func (s *Server) updateRound(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Rounds.UpdateRound(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.RoundChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "round", x)
}

func (s *Server) deleteRound(w http.ResponseWriter, r *http.Request) error {
	if err := s.Rounds.DeleteRound(r.Context(), actorOf(r), chi.URLParam(r, "id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apply(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Rounds.Apply(r.Context(), actorOf(r), chi.URLParam(r, "id"), chi.URLParam(r, "child_id"), input[linli.ApplicationBody](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "application", v)
}

func (s *Server) findApplications(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Rounds.FindApplications(r.Context(), actorOf(r), chi.URLParam(r, "id"), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) error {
	if err := s.Rounds.Withdraw(r.Context(), actorOf(r), chi.URLParam(r, "id"), chi.URLParam(r, "application_id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) setPriority(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Rounds.SetPriority(r.Context(), actorOf(r), chi.URLParam(r, "id"), chi.URLParam(r, "application_id"), input[linli.PriorityBody](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "application", v)
}

func (s *Server) closeRound(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Rounds.CloseRound(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "round", x)
}

// drawRound takes an optional body: a round without an entropy source draws with none.
func (s *Server) drawRound(w http.ResponseWriter, r *http.Request) error {
	in := input[linli.DrawBody](r)
	if r.ContentLength == 0 {
		in = linli.Given(linli.DrawBody{})
	}
	x, stats, err := s.Rounds.DrawRound(r.Context(), actorOf(r), chi.URLParam(r, "id"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"round": x, "stats": stats})
}

func (s *Server) roundResult(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Rounds.RoundResult(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) roundStats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.Rounds.RoundStats(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "stats", st)
}
