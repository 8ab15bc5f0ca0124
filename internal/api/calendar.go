package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
)

func (s *Server) calendarRoutes(r chi.Router) {
	r.Get("/calendars", s.h(s.findCalendars))
	r.With(s.idempotent).Post("/calendars", s.h(s.createCalendar))
	r.Get("/calendars/{id}", s.h(s.findCalendar))
	r.Put("/calendars/{id}/days", s.h(s.markDays))
	r.Post("/calendars/{id}/import", s.h(s.importHolidayCN))
	r.Get("/calendars/{id}/days", s.h(s.findDays))
}

func (s *Server) findCalendars(w http.ResponseWriter, r *http.Request) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.Planning.FindCalendars(r.Context(), p)
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) findCalendar(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Planning.FindCalendar(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "calendar", c)
}

func (s *Server) createCalendar(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := a.RequireAdmin(); err != nil {
		return err
	}
	var in linli.NewCalendar
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Planning.CreateCalendar(r.Context(), a, in)
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "calendar", c)
}

// requireCalendarAdmin checks, before the body is read, that an administrator changes a
// calendar that exists: 401, 403, then 404.
func (s *Server) requireCalendarAdmin(r *http.Request) (*linli.Actor, error) {
	a := actorOf(r)
	if err := a.RequireAdmin(); err != nil {
		return nil, err
	}
	_, err := s.Planning.FindCalendar(r.Context(), chi.URLParam(r, "id"))
	return a, err
}

func (s *Server) markDays(w http.ResponseWriter, r *http.Request) error {
	a, err := s.requireCalendarAdmin(r)
	if err != nil {
		return err
	}
	var in linli.DaysChange
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := s.Planning.MarkDays(r.Context(), a, chi.URLParam(r, "id"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// importHolidayCN takes a holiday-cn year file as published, in its own field names.
func (s *Server) importHolidayCN(w http.ResponseWriter, r *http.Request) error {
	a, err := s.requireCalendarAdmin(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodyBytes))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return linli.Errorf(linli.ETooLarge, "the request body is larger than 1 MiB")
	}
	if err != nil {
		return linli.Errorf(linli.EInvalid, "the request body could not be read")
	}
	out, err := s.Planning.ImportHolidayCN(r.Context(), a, chi.URLParam(r, "id"), body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) findDays(w http.ResponseWriter, r *http.Request) error {
	from, err := dateParam(r, "from")
	if err != nil {
		return err
	}
	to, err := dateParam(r, "to")
	if err != nil {
		return err
	}
	days, err := s.Planning.FindDays(r.Context(), chi.URLParam(r, "id"), from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": days})
}
