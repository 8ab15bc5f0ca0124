package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) placeRoutes(r chi.Router) {
	c := s.Communities
	r.With(s.idempotent).Post("/communities/{id}/grids", create(s, "grid", func(r *http.Request, a *linli.Actor, id string, in linli.Input[linli.Named]) (*linli.Grid, error) {
		return c.CreateGrid(r.Context(), a, id, in)
	}))
	r.Get("/communities/{id}/grids", listOf(s, func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]linli.Grid, string, error) {
		return c.FindGrids(r.Context(), a, id, p)
	}))
	r.With(s.idempotent).Post("/grids/{id}/buildings", create(s, "building", func(r *http.Request, a *linli.Actor, id string, in linli.Input[linli.Named]) (*linli.Building, error) {
		return c.CreateBuilding(r.Context(), a, id, in)
	}))
	r.Get("/grids/{id}/buildings", listOf(s, func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]linli.Building, string, error) {
		return c.FindBuildings(r.Context(), a, id, p)
	}))
	r.With(s.idempotent).Post("/buildings/{id}/households", create(s, "household", func(r *http.Request, a *linli.Actor, id string, in linli.Input[linli.HouseholdChange]) (*linli.Household, error) {
		return c.CreateHousehold(r.Context(), a, id, in)
	}))
	r.Get("/buildings/{id}/households", listOf(s, func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]linli.Household, string, error) {
		return c.FindHouseholds(r.Context(), a, id, p)
	}))
	r.Get("/households/{id}", s.h(s.findHousehold))
	r.Patch("/households/{id}", s.h(s.updateHousehold))
	r.With(s.idempotent).Post("/communities/{id}/venues", create(s, "venue", func(r *http.Request, a *linli.Actor, id string, in linli.Input[linli.Venue]) (*linli.Venue, error) {
		return c.CreateVenue(r.Context(), a, id, in)
	}))
	r.Get("/communities/{id}/venues", listOf(s, func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]linli.Venue, string, error) {
		return c.FindVenues(r.Context(), id, p)
	}))
}

// create is the shape of a create handler under a parent object: one service call, which checks
// permission (401, then 404/403) before it decodes the body (400).
func create[In, Out any](s *Server, name string, call func(r *http.Request, a *linli.Actor, id string, in linli.Input[In]) (*Out, error)) http.HandlerFunc {
	return s.h(func(w http.ResponseWriter, r *http.Request) error {
		out, err := call(r, actorOf(r), chi.URLParam(r, "id"), input[In](r))
		if err != nil {
			return err
		}
		return one(w, http.StatusCreated, name, out)
	})
}

// listOf is the shape of a list handler under a parent object.
func listOf[T any](s *Server, call func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]T, string, error)) http.HandlerFunc {
	return s.h(func(w http.ResponseWriter, r *http.Request) error {
		p, err := pageParams(r)
		if err != nil {
			return err
		}
		items, next, err := call(r, actorOf(r), chi.URLParam(r, "id"), p)
		if err != nil {
			return err
		}
		return list(w, items, next)
	})
}

func (s *Server) findHousehold(w http.ResponseWriter, r *http.Request) error {
	h, err := s.Communities.FindHousehold(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "household", h)
}

func (s *Server) updateHousehold(w http.ResponseWriter, r *http.Request) error {
	h, err := s.Communities.UpdateHousehold(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.HouseholdChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "household", h)
}
