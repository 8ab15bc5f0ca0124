package api

import (
	"net"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
)

func (s *Server) chatRobotRoutes(r chi.Router) {
	r.With(s.idempotent).Post("/communities/{id}/chat-robots", s.h(s.createChatRobot))
	r.Get("/communities/{id}/chat-robots", s.h(s.findChatRobots))
	r.Delete("/chat-robots/{id}", s.h(s.deleteChatRobot))
}

// createChatRobot adds a group-chat robot. Its URL must be the service's documented webhook
// address and reach no internal address, unless the server allows private webhooks; the URL
// is looked at only once the caller may add robots, and is answered masked.
func (s *Server) createChatRobot(w http.ResponseWriter, r *http.Request) error {
	body := input[linli.NewChatRobot](r)
	in := func() (linli.NewChatRobot, error) {
		in, err := body()
		if err != nil || s.AllowPrivateWebhooks {
			return in, err
		}
		if err := in.Validate(); err != nil {
			return in, err
		}
		if err := linli.CheckRobotURL(in.Kind, in.URL); err != nil {
			return in, err
		}
		resolver := s.Resolver
		if resolver == nil {
			resolver = net.DefaultResolver
		}
		return in, notify.CheckURL(r.Context(), resolver, in.URL)
	}
	robot, err := s.ChatRobots.CreateChatRobot(r.Context(), actorOf(r), chi.URLParam(r, "id"), in)
	if err != nil {
		return err
	}
	return one(w, http.StatusCreated, "chat_robot", robot)
}

func (s *Server) findChatRobots(w http.ResponseWriter, r *http.Request) error {
	items, err := s.ChatRobots.FindChatRobots(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	return list(w, items, "")
}

func (s *Server) deleteChatRobot(w http.ResponseWriter, r *http.Request) error {
	if err := s.ChatRobots.DeleteChatRobot(r.Context(), actorOf(r), chi.URLParam(r, "id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
