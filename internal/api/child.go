package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// childRoutes serves the child-data policy, children, their guardians and pickup persons. Every
// route under /children/{id} answers 404 to anyone but the child's guardians.
func (s *Server) childRoutes(r chi.Router) {
	r.Get("/policies/child-data", s.h(s.childDataPolicy))
	r.Get("/policies/account", s.h(s.accountPolicy))
	r.With(s.idempotent).Post("/children", s.h(s.createChild))
	r.Get("/children", s.h(s.findChildren))
	r.Get("/children/{id}", s.h(s.findChild))
	r.Patch("/children/{id}", s.h(s.updateChild))
	s.guardianRoutes(r)
	r.With(s.idempotent).Post("/children/{id}/pickups", childCreate(s, "pickup",
		func(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.NewPickupPerson]) (*linli.PickupPerson, error) {
			return s.Children.CreatePickupPerson(ctx, a, id, in)
		}))
	r.Get("/children/{id}/pickups", listOf(s, func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]linli.PickupPerson, string, error) {
		return s.Children.FindPickupPersons(r.Context(), a, id, p)
	}))
	r.Delete("/children/{id}/pickups/{item_id}", childDelete(s, func(ctx context.Context, a *linli.Actor, id, itemID string) error {
		return s.Children.DeletePickupPerson(ctx, a, id, itemID)
	}))
	r.With(s.idempotent).Post("/children/{id}/pickup-delegations", childCreate(s, "delegation",
		func(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.NewDelegation]) (*linli.Delegation, error) {
			return s.Children.CreateDelegation(ctx, a, id, in)
		}))
	r.Get("/children/{id}/pickup-delegations", listOf(s, func(r *http.Request, a *linli.Actor, id string, p linli.Page) ([]linli.Delegation, string, error) {
		return s.Children.FindDelegations(r.Context(), a, id, p)
	}))
	r.Delete("/children/{id}/pickup-delegations/{item_id}", childDelete(s, func(ctx context.Context, a *linli.Actor, id, itemID string) error {
		return s.Children.DeleteDelegation(ctx, a, id, itemID)
	}))
}

// childDataPolicy answers the current child-data policy in the caller's language.
func (s *Server) childDataPolicy(w http.ResponseWriter, r *http.Request) error {
	p := linli.ChildDataPolicy(requestLocale(r))
	w.Header().Set("Content-Language", p.Locale)
	w.Header().Set("Vary", "Accept-Language, Cookie")
	return writeJSON(w, http.StatusOK, p)
}

// accountPolicy answers the account policy in the caller's language.
func (s *Server) accountPolicy(w http.ResponseWriter, r *http.Request) error {
	p := linli.AccountPolicy(requestLocale(r))
	w.Header().Set("Content-Language", p.Locale)
	w.Header().Set("Vary", "Accept-Language, Cookie")
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) createChild(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Children.CreateChild(r.Context(), actorOf(r), input[linli.ChildChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "child", c)
}

func (s *Server) findChildren(w http.ResponseWriter, r *http.Request) error {
	items, next, err := s.Children.FindChildren(r.Context(), actorOf(r), pageInput(r))
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findChild(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Children.FindChild(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "child", c)
}

func (s *Server) updateChild(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Children.UpdateChild(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.ChildChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "child", c)
}

// childCreate is the shape of a create handler under a child: one service call, which answers
// 401, then 404 for anyone but a guardian, before it decodes the body (400).
func childCreate[In, Out any](s *Server, name string, call func(ctx context.Context, a *linli.Actor, childID string, in linli.Input[In]) (*Out, error)) http.HandlerFunc {
	return s.h(func(w http.ResponseWriter, r *http.Request) error {
		out, err := call(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[In](r))
		if err != nil {
			return err
		}
		return one(w, http.StatusCreated, name, out)
	})
}

// childDelete is the shape of a delete handler of a child's item: 204 when gone.
func childDelete(s *Server, call func(ctx context.Context, a *linli.Actor, childID, itemID string) error) http.HandlerFunc {
	return s.h(func(w http.ResponseWriter, r *http.Request) error {
		if err := call(r.Context(), actorOf(r), chi.URLParam(r, "id"), chi.URLParam(r, "item_id")); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
}
