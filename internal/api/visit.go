package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) visitRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/households/{id}/visit-plans", s.h(s.createVisitPlan))
	r.Get("/households/{id}/visit-plans", listOf(s, func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]linli.VisitPlan, string, error) {
		return s.Volunteers.FindVisitPlans(r.Context(), a, id, p)
	}))
	r.Get("/visit-plans/{id}", s.h(s.findVisitPlan))
	r.Get("/me/visit-plans", s.h(s.findMyVisitPlans))
	r.Patch("/visit-plans/{id}", s.h(s.updateVisitPlan))
	r.Delete("/visit-plans/{id}", s.h(s.deleteVisitPlan))
	r.With(s.idempotent).Post("/sessions/{id}/visit-log", s.h(s.logVisit))
	r.Get("/communities/{id}/concerns", s.h(s.findConcerns))
	r.Patch("/concerns/{id}", s.h(s.updateConcern))
	r.Get("/communities/{id}/visits/overdue", s.h(s.overdueVisits))
}

func (s *Server) createVisitPlan(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Volunteers.CreateVisitPlan(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.VisitPlanChange](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}

func (s *Server) findVisitPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Volunteers.FindVisitPlan(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "visit_plan", p)
}

func (s *Server) findMyVisitPlans(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Volunteers.FindMyVisitPlans(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return list(w, items, "")
}

func (s *Server) updateVisitPlan(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Volunteers.UpdateVisitPlan(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.VisitPlanChange](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) deleteVisitPlan(w http.ResponseWriter, r *http.Request) error {
	if err := s.Volunteers.DeleteVisitPlan(r.Context(), actorOf(r), chi.URLParam(r, "id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) logVisit(w http.ResponseWriter, r *http.Request) error {
	log, err := s.Volunteers.LogVisit(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.VisitLogEntry](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "visit_log", log)
}

func (s *Server) findConcerns(w http.ResponseWriter, r *http.Request) error {
	f := linli.ConcernFilter{Status: r.URL.Query().Get("status")}
	var err error
	if f.Page, err = pageParams(r); err != nil {
		return err
	}
	items, next, err := s.Volunteers.FindConcerns(r.Context(), actorOf(r), chi.URLParam(r, "id"), f)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) updateConcern(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Volunteers.UpdateConcern(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.ConcernChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "concern", c)
}

func (s *Server) overdueVisits(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.Volunteers.FindOverdueVisits(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
