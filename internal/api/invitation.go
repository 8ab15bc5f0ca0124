package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// guardianRoutes serves invitations to become another guardian of a child, and the removal of a
// guardian.
func (s *Server) guardianRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/children/{id}/guardians", childCreate(s, "invitation",
		func(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.NewGuardian]) (*linli.Invitation, error) {
			return s.Children.InviteGuardian(ctx, a, id, in)
		}))
	r.Delete("/children/{id}/guardians/{item_id}", childDelete(s, func(ctx context.Context, a *linli.Actor, id, userID string) error {
		return s.Children.RemoveGuardian(ctx, a, id, userID)
	}))
	r.Get("/me/invitations", s.h(s.myInvitations))
	r.Post("/invitations/{id}/accept", s.h(s.answerInvitation(true)))
	r.Post("/invitations/{id}/decline", s.h(s.answerInvitation(false)))
}

func (s *Server) myInvitations(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Children.FindInvitations(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return list(w, items, "")
}

// answerInvitation accepts or declines the invitation {id} of the signed-in user.
func (s *Server) answerInvitation(accept bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		inv, err := s.Children.AnswerInvitation(r.Context(), actorOf(r), chi.URLParam(r, "id"), accept)
		if err != nil {
			return err
		}
		return one(w, http.StatusOK, "invitation", inv)
	}
}
