package api

import (
	"net/http"

	"github.com/linli/linli/internal/linli"
)

// deleteMe erases the signed-in user's account and signs them out.
func (s *Server) deleteMe(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := a.RequireUser(); err != nil {
		return err
	}
	var in linli.AccountDeletion
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Accounts.DeleteAccount(r.Context(), a, in); err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie("", -1))
	w.WriteHeader(http.StatusNoContent)
	return nil
}
