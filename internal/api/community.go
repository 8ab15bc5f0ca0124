package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) communityRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/communities", s.h(s.createCommunity))
	r.Get("/communities", s.h(s.findCommunities))
	r.Get("/communities/{id}", s.h(s.findCommunity))
	r.Patch("/communities/{id}", s.h(s.updateCommunity))
	r.With(s.idempotent).Post("/communities/{id}/members", s.h(s.addMember))
	r.Delete("/communities/{id}/members/{user_id}", s.h(s.removeMember))
	r.Get("/communities/{id}/members", s.h(s.findMembers))
}

func (s *Server) createCommunity(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Communities.CreateCommunity(r.Context(), actorOf(r), input[linli.CommunityChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "community", c)
}

func (s *Server) findCommunities(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Communities.FindCommunities(r.Context(), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findCommunity(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Communities.FindCommunity(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "community", c)
}

func (s *Server) updateCommunity(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Communities.UpdateCommunity(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.CommunityChange](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "community", c)
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Communities.AddMember(r.Context(), actorOf(r), chi.URLParam(r, "id"), input[linli.NewMember](r))
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "membership", m)
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request) error {
	err := s.Communities.RemoveMember(r.Context(), actorOf(r), chi.URLParam(r, "id"), chi.URLParam(r, "user_id"), r.URL.Query().Get("role"))
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) findMembers(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Communities.FindMembers(r.Context(), actorOf(r), chi.URLParam(r, "id"), r.URL.Query().Get("role"), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}
