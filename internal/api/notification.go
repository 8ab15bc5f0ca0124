package api

import (
	"net"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
)

func (s *Server) notificationRoutes(r chi.Router) {
	r.Get("/me/notifications", s.h(s.findNotifications))
	r.Post("/me/notifications/{id}/read", s.h(s.markRead))
	r.With(s.idempotent).Post("/webhooks", s.h(s.createWebhook))
	r.Get("/webhooks", s.h(s.findWebhooks))
	r.Delete("/webhooks/{id}", s.h(s.deleteWebhook))
	r.Get("/webhooks/{id}/deliveries", s.h(s.findDeliveries))
}

// findNotifications answers the signed-in user's inbox, newest first, with the unread count.
func (s *Server) findNotifications(w http.ResponseWriter, r *http.Request) error {
	inbox, err := s.Notices.FindNotifications(r.Context(), actorOf(r), func() (f linli.NotificationFilter, err error) {
		if f.Page, err = pageParams(r); err != nil {
			return f, err
		}
		switch r.URL.Query().Get("unread") {
		case "true":
			f.Unread = true
		case "", "false":
		default:
			return f, linli.Invalid("unread", "unread must be true or false")
		}
		return f, nil
	})
	if err != nil {
		return err
	}
	var cursor *string
	if inbox.NextCursor != "" {
		cursor = &inbox.NextCursor
	}
	if inbox.Items == nil {
		inbox.Items = []linli.Notification{}
	}
	return writeJSON(w, http.StatusOK, struct {
		Items       []linli.Notification `json:"items"`
		NextCursor  *string              `json:"next_cursor"`
		UnreadCount int                  `json:"unread_count"`
	}{inbox.Items, cursor, inbox.UnreadCount})
}

func (s *Server) markRead(w http.ResponseWriter, r *http.Request) error {
	n, err := s.Notices.MarkRead(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return one(w, http.StatusOK, "notification", n)
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	body := input[linli.NewWebhook](r)
	// The address is looked up only once the caller may subscribe, with the body decoded.
	in := func() (linli.NewWebhook, error) {
		in, err := body()
		if err != nil || s.AllowPrivateWebhooks {
			return in, err
		}
		resolver := s.Resolver
		if resolver == nil {
			resolver = net.DefaultResolver
		}
		return in, notify.CheckURL(r.Context(), resolver, in.URL)
	}
	hook, err := s.Notices.CreateWebhook(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "webhook", hook)
}

func (s *Server) findWebhooks(w http.ResponseWriter, r *http.Request) error {
	items, next, err := s.Notices.FindWebhooks(r.Context(), actorOf(r), pageInput(r))
	if err != nil {
		return err
	}
	return list(w, items, next)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	if err := s.Notices.DeleteWebhook(r.Context(), actorOf(r), chi.URLParam(r, "id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) findDeliveries(w http.ResponseWriter, r *http.Request) error {
	items, next, err := s.Notices.FindDeliveries(r.Context(), actorOf(r), chi.URLParam(r, "id"), func() (f linli.DeliveryFilter, err error) {
		f.Status = r.URL.Query().Get("status")
		f.Page, err = pageParams(r)
		return f, err
	})
	if err != nil {
		return err
	}
	return list(w, items, next)
}
