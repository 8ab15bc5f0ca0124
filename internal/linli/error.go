// Package linli holds the domain of the neighbourhood-services server: its types, the rules it keeps
// as pure functions, the service interfaces that storage implements, and the one error type.
package linli

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to exactly one HTTP status in the api package.
const (
	EInvalid             = "invalid"               // 400: malformed or out-of-range input
	EUnauthenticated     = "unauthenticated"       // 401: no or expired session
	EForbidden           = "forbidden"             // 403: visible, but the role may not do this
	ENotFound            = "not_found"             // 404: no such object, or not visible to the caller
	EConflict            = "conflict"              // 409: generic state conflict
	EAlreadyBooked       = "already_booked"        // 409
	EOverlap             = "overlap"               // 409
	EFull                = "full"                  // 409
	EBookingClosed       = "booking_closed"        // 409
	EVenueConflict       = "venue_conflict"        // 409
	EStaffConflict       = "staff_conflict"        // 409
	ESessionClosed       = "session_closed"        // 409
	ENotStarted          = "not_started"           // 409
	ERoundClosed         = "round_closed"          // 409: outside an application round's window, or its programs frozen
	ETooLarge            = "too_large"             // 413
	ENotEligible         = "not_eligible"          // 422
	EPickupNotAuthorized = "pickup_not_authorized" // 422
	EConsentRequired     = "consent_required"      // 422
	ERateLimited         = "rate_limited"          // 429
	EUnavailable         = "unavailable"           // 503: storage full or unreachable
	EInternal            = "internal"              // 500: a bug; never shown in detail
)

// Error is the one error type of the domain. Code is one of the E* constants; Message is safe to
// show to the user; Field names the input at fault, dotted for nested fields.
type Error struct {
	Code    string
	Message string
	Field   string
	value   string // the offending input, when a decoder knows it but not the field
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("linli: %s (%s): %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("linli: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a 400 error that names the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns a 404 error for the named kind of object.
func NotFound(what string) *Error {
	return &Error{Code: ENotFound, Message: what + " not found"}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, else EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// ErrorField returns the field of err if it is an *Error, else "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessage returns the user-safe message of err; internal errors get a generic message.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// InvalidValue returns a 400 error for a value whose field the caller does not know; the HTTP layer
// finds the field by looking for the value in the request body.
func InvalidValue(value, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Message: fmt.Sprintf(format, args...), value: value}
}

// BadValue returns the offending input recorded by InvalidValue, if any.
func BadValue(err error) (string, bool) {
	var e *Error
	if errors.As(err, &e) && e.Field == "" && e.value != "" {
		return e.value, true
	}
	return "", false
}
