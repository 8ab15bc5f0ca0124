package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// MaxBodyBytes is the largest request body accepted (413 too_large beyond).
const MaxBodyBytes = 1 << 20

// statusOf maps each error code to its HTTP status: the one place where this happens.
var statusOf = map[string]int{
	linli.EInvalid:             http.StatusBadRequest,
	linli.EUnauthenticated:     http.StatusUnauthorized,
	linli.EForbidden:           http.StatusForbidden,
	linli.ENotFound:            http.StatusNotFound,
	linli.EConflict:            http.StatusConflict,
	linli.EAlreadyBooked:       http.StatusConflict,
	linli.EOverlap:             http.StatusConflict,
	linli.EFull:                http.StatusConflict,
	linli.EBookingClosed:       http.StatusConflict,
	linli.EVenueConflict:       http.StatusConflict,
	linli.EStaffConflict:       http.StatusConflict,
	linli.ESessionClosed:       http.StatusConflict,
	linli.ENotStarted:          http.StatusConflict,
	linli.ERoundClosed:         http.StatusConflict,
	linli.ETooLarge:            http.StatusRequestEntityTooLarge,
	linli.ENotEligible:         http.StatusUnprocessableEntity,
	linli.EPickupNotAuthorized: http.StatusUnprocessableEntity,
	linli.EConsentRequired:     http.StatusUnprocessableEntity,
	linli.ERateLimited:         http.StatusTooManyRequests,
	linli.EUnavailable:         http.StatusServiceUnavailable,
	linli.EInternal:            http.StatusInternalServerError,
}

// handlerFunc is a handler that returns its error for the adapter to render.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// h adapts a handlerFunc, rendering every error the same way.
func (s *Server) h(fn handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.renderError(w, r, err)
		}
	}
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// renderError writes the JSON error shape; only internal errors are logged, without request data.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := linli.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError {
		s.Logger.Error("internal error", "route", routePattern(r), "err", err.Error())
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = linli.ErrorMessage(err)
	body.Error.Field = linli.ErrorField(err)
	writeJSON(w, status, body)
}

// writeJSON encodes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// one writes a single object wrapped under its type's name.
func one(w http.ResponseWriter, status int, name string, v any) error {
	return writeJSON(w, status, map[string]any{name: v})
}

// list writes a page of items with the cursor of the next page (null on the last page).
func list[T any](w http.ResponseWriter, items []T, next string) error {
	if items == nil {
		items = []T{}
	}
	var cursor *string
	if next != "" {
		cursor = &next
	}
	return writeJSON(w, http.StatusOK, struct {
		Items      []T     `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}{items, cursor})
}

// decode reads a JSON body strictly into v: unknown fields, wrong types, trailing data and bodies
// over MaxBodyBytes are refused with the field at fault named.
func decode(r *http.Request, v any) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	return decodeBody(body, v)
}

// input reads the request body now and decodes it into a T when the service asks for it, after
// its permission check: a caller who may not act gets that refusal, whatever they sent.
func input[T any](r *http.Request) linli.Input[T] {
	body, err := readBody(r)
	return func() (T, error) {
		var v T
		if err != nil {
			return v, err
		}
		return v, decodeBody(body, &v)
	}
}

// readBody reads the request body, at most MaxBodyBytes.
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodyBytes))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, linli.Errorf(linli.ETooLarge, "the request body is larger than 1 MiB")
	}
	if err != nil {
		return nil, linli.Errorf(linli.EInvalid, "the request body could not be read")
	}
	return body, nil
}

// decodeBody decodes one JSON value with only known fields into v.
func decodeBody(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return linli.Errorf(linli.EInvalid, "a JSON body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, body, v)
	}
	if dec.More() {
		return linli.Errorf(linli.EInvalid, "the body holds more than one JSON value")
	}
	return nil
}

func decodeError(err error, body []byte, v any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return linli.Errorf(linli.EInvalid, "malformed JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return linli.Errorf(linli.EInvalid, "the body must be a JSON object")
		}
		return linli.Invalid(field, "%s must be of type %s", field, jsonType(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return linli.Invalid(name, "unknown field %q", name)
	}
	if bad, ok := linli.BadValue(err); ok {
		var doc any
		if json.Unmarshal(body, &doc) == nil {
			if path := findValue(doc, bad, ""); path != "" {
				return linli.Invalid(path, "%s", linli.ErrorMessage(err))
			}
		}
	}
	if linli.ErrorCode(err) == linli.EInvalid {
		if linli.ErrorField(err) == "" {
			if path := refusedPath(v, body); path != "" {
				return linli.Invalid(path, "%s", linli.ErrorMessage(err))
			}
		}
		return err
	}
	slog.Debug("unexpected decode error", "err", err.Error())
	return linli.Errorf(linli.EInvalid, "malformed request")
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "slice" || kind == "array":
		return "array"
	case kind == "map" || kind == "struct":
		return "object"
	}
	return kind
}

// findValue returns the dotted path of the first string (or raw JSON text) in doc equal to want.
func findValue(doc any, want, path string) string {
	join := func(p, k string) string {
		if p == "" {
			return k
		}
		return p + "." + k
	}
	switch v := doc.(type) {
	case map[string]any:
		for k, x := range v {
			if p := findValue(x, want, join(path, k)); p != "" {
				return p
			}
		}
	case []any:
		for i, x := range v {
			if p := findValue(x, want, path+"["+strconv.Itoa(i)+"]"); p != "" {
				return p
			}
		}
	default:
		if s, ok := v.(string); ok && s == want {
			return path
		}
		if b, err := json.Marshal(v); err == nil && string(b) == want {
			return path
		}
	}
	return ""
}

// pageParams reads ?limit= and ?cursor=.
func pageParams(r *http.Request) (linli.Page, error) {
	q := r.URL.Query()
	p := linli.Page{Cursor: q.Get("cursor")}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > linli.MaxPageLimit {
			return p, linli.Invalid("limit", "limit must be a number from 1 to %d", linli.MaxPageLimit)
		}
		p.Limit = n
	}
	return p, nil
}

// pageInput is the page a list asks for, read when the service asks for it, after its
// permission check.
func pageInput(r *http.Request) linli.Input[linli.Page] {
	return func() (linli.Page, error) { return pageParams(r) }
}

// dateRange reads the optional ?from= and ?to= dates of a list or report.
func dateRange(r *http.Request) (from, to linli.Date, err error) {
	if from, err = dateParam(r, "from"); err != nil {
		return from, to, err
	}
	to, err = dateParam(r, "to")
	return from, to, err
}

// dateParam reads an optional YYYY-MM-DD query parameter.
func dateParam(r *http.Request, name string) (linli.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return linli.Date{}, nil
	}
	d, err := linli.ParseDate(v)
	if err != nil {
		return d, linli.Invalid(name, "%s must be a date YYYY-MM-DD", name)
	}
	return d, nil
}
