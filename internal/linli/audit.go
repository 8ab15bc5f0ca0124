package linli

import (
	"encoding/json"
	"time"
)

// AuditEntry records who changed what, when. It is written in the same transaction as the change.
type AuditEntry struct {
	ID          int64           `json:"id"`
	At          time.Time       `json:"at"`
	ActorID     string          `json:"actor_id"`
	ActorName   string          `json:"actor_name"`
	CommunityID string          `json:"community_id,omitempty"`
	Action      string          `json:"action"`
	ObjectType  string          `json:"object_type"`
	ObjectID    string          `json:"object_id"`
	Detail      json.RawMessage `json:"detail,omitempty"`
}

// AuditFilter selects audit entries of a community (or all of them) by an inclusive range of
// community-local dates.
type AuditFilter struct {
	From, To Date
	Page     Page
}

// Page is a request for one page of a list: at most Limit items after the opaque Cursor.
type Page struct {
	Limit  int
	Cursor string
}

// Default and largest page sizes.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 500
)
