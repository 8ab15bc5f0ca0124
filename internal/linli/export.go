package linli

import "time"

// ChildExport is everything stored about a child, as its guardian downloads it: the record, its
// guardians, every consent given, the adults allowed to collect it and every booking with its
// session. The audit log, which keeps ids only, is not part of it.
type ChildExport struct {
	ExportedAt    time.Time      `json:"exported_at"`
	Child         ExportedChild  `json:"child"`
	Guardians     []Guardian     `json:"guardians"`
	Consents      []Consent      `json:"consents"`
	PickupPersons []PickupPerson `json:"pickup_persons"`
	Delegations   []Delegation   `json:"pickup_delegations"`
	Bookings      []Booking      `json:"bookings"`
}

// ExportedChild is the child's own record as stored.
type ExportedChild struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	BirthDate Date      `json:"birth_date"`
	Notes     string    `json:"notes"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
