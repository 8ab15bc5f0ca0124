package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

// bookingRoutes serves bookings, and the deletion and export of a child, which end its bookings
// and read them.
func (s *Server) bookingRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/bookings", s.h(s.book))
	r.Get("/bookings", s.h(s.findBookings))
	r.Delete("/bookings/{id}", s.h(s.cancelBooking))
	r.Delete("/children/{id}", s.h(s.deleteChild))
	r.Get("/children/{id}/export", s.h(s.exportChild))
}

// book answers 401, then 400 for a malformed body, then 404 for a child or session the caller
// may not book, then the rules' 409 or 422.
func (s *Server) book(w http.ResponseWriter, r *http.Request) error {
	out, err := s.Bookings.Book(r.Context(), actorOf(r), input[linli.BookingRequest](r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"bookings": out})
}

func (s *Server) findBookings(w http.ResponseWriter, r *http.Request) error {
	items, next, err := s.Bookings.FindBookings(r.Context(), actorOf(r), r.URL.Query().Get("child_id"), func() (f linli.BookingFilter, err error) {
		if f.Page, err = pageParams(r); err != nil {
			return f, err
		}
		f.From, f.To, err = dateRange(r)
		return f, err
	})
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) cancelBooking(w http.ResponseWriter, r *http.Request) error {
	if err := s.Bookings.CancelBooking(r.Context(), actorOf(r), chi.URLParam(r, "id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) deleteChild(w http.ResponseWriter, r *http.Request) error {
	if err := s.Bookings.DeleteChild(r.Context(), actorOf(r), chi.URLParam(r, "id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// exportChild answers the child's data as a JSON download.
func (s *Server) exportChild(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Bookings.ExportChild(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="linli-child-`+x.Child.ID+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	return one(w, http.StatusOK, "export", x)
}
