package api

import (
	"net/http"
	"time"

	"github.com/linli/linli/internal/linli"
)

// deleteMe erases the signed-in user's account and signs them out.
func (s *Server) deleteMe(w http.ResponseWriter, r *http.Request) error {
	// A wrong password is answered after up to linli.MaxLoginDelay, as a failed sign-in.
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(linli.MaxLoginDelay + 30*time.Second))
	if err := s.Accounts.DeleteAccount(r.Context(), actorOf(r), input[linli.AccountDeletion](r), s.limitAddr(r)); err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie("", -1))
	w.WriteHeader(http.StatusNoContent)
	return nil
}
