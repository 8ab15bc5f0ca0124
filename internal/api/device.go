package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func (s *Server) deviceRoutes(r chi.Router) {
	r.Get("/me/sessions", s.h(s.findDevices))
	r.Delete("/me/sessions/{id}", s.h(s.endDevice))
}

func (s *Server) findDevices(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Accounts.Devices(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return list(w, items, "")
}

// endDevice signs a device out; signing out the device that asks also clears its cookie.
func (s *Server) endDevice(w http.ResponseWriter, r *http.Request) error {
	a, id := actorOf(r), chi.URLParam(r, "id")
	if err := s.Accounts.EndDevice(r.Context(), a, id); err != nil {
		return err
	}
	if a.SessionID == id {
		http.SetCookie(w, s.sessionCookie("", -1))
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
