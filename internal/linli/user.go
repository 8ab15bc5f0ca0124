package linli

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Locales the server speaks.
const (
	LocaleZH = "zh-CN"
	LocaleEN = "en"
)

// Password length bounds, in characters and bytes.
const (
	MinPasswordChars = 8
	MaxPasswordBytes = 1024
)

// User is a person with an account. Any signed-in user is a guardian of the children they register.
type User struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Login     string    `json:"login"`
	Locale    string    `json:"locale"`
	IsAdmin   bool      `json:"is_admin"`
	CreatedAt time.Time `json:"-"`
}

// Registration is what a new user gives to sign up.
type Registration struct {
	Name     string `json:"name"`
	Login    string `json:"login"`
	Password string `json:"password"`
	Locale   string `json:"locale"`
}

// ProfileChange is a PATCH of the signed-in user's own profile.
type ProfileChange struct {
	Name            *string `json:"name"`
	Locale          *string `json:"locale"`
	Password        *string `json:"password"`
	CurrentPassword *string `json:"current_password"`
}

// AccountDeletion is the body of DELETE /me: the password, typed again.
type AccountDeletion struct {
	Password string `json:"password"`
}

// Credentials are a login and password as typed at sign-in.
type Credentials struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// PasswordReset sets a new password with a one-time code handed over in person.
type PasswordReset struct {
	Login     string `json:"login"`
	ResetCode string `json:"reset_code"`
	Password  string `json:"password"`
}

var mobileRE = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// NormalizeLogin checks that s is a mainland mobile number (optionally +86) or an e-mail address
// and returns its canonical form: 11 digits, or the lower-cased address.
func NormalizeLogin(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Invalid(field, "a mobile number or e-mail address is required")
	}
	if phone, ok := mobileNumber(s); ok {
		return phone, nil
	}
	if strings.ContainsAny(s, " <>\"") || len(s) > 254 {
		return "", Invalid(field, "not a mainland mobile number or an e-mail address")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", Invalid(field, "not a mainland mobile number or an e-mail address")
	}
	return strings.ToLower(s), nil
}

// NormalizeMobile checks that s is a mainland mobile number (1[3-9] and 9 more digits; a +86
// prefix, spaces and dashes are allowed) and returns its 11 digits.
func NormalizeMobile(field, s string) (string, error) {
	if phone, ok := mobileNumber(s); ok {
		return phone, nil
	}
	return "", Invalid(field, "not a mainland mobile number (11 digits starting 13 to 19)")
}

// mobileNumber returns the 11 digits of s and whether s is a mainland mobile number.
func mobileNumber(s string) (string, bool) {
	phone := strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	phone = strings.TrimPrefix(phone, "+86")
	return phone, mobileRE.MatchString(phone)
}

// ValidatePassword checks the password rules: at least MinPasswordChars characters.
func ValidatePassword(field, p string) error {
	if !utf8.ValidString(p) || utf8.RuneCountInString(p) < MinPasswordChars {
		return Invalid(field, "a password needs at least %d characters", MinPasswordChars)
	}
	if len(p) > MaxPasswordBytes {
		return Invalid(field, "a password may have at most %d bytes", MaxPasswordBytes)
	}
	return nil
}

// ValidateLocale returns the locale, defaulting to zh-CN, or an invalid error.
func ValidateLocale(field, l string) (string, error) {
	switch l {
	case "":
		return LocaleZH, nil
	case LocaleZH, LocaleEN:
		return l, nil
	}
	return "", Invalid(field, "locale must be zh-CN or en")
}

// ValidateName checks a display name: one line of 1–100 printable characters after trimming.
func ValidateName(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if !utf8.ValidString(s) || n == 0 || n > 100 {
		return "", Invalid(field, "a name needs 1 to 100 characters")
	}
	if !OneLine(s) {
		return "", Invalid(field, "a name is one line of printable text: no control characters or line breaks")
	}
	return s, nil
}

// OneLine reports whether s is one line of printable text: letters, marks, numbers, punctuation,
// symbols and spaces, and the joiners of emoji sequences; no control character (NUL, CR, LF, tab,
// escape, DEL, C1), no line or paragraph separator and no bidirectional override, which would
// forge lines or hide text in rosters, CSV files and group-chat messages.
func OneLine(s string) bool {
	for _, r := range s {
		if r == '‌' || r == '‍' { // zero-width (non-)joiner
			continue
		}
		if !unicode.IsGraphic(r) || r == ' ' || r == ' ' {
			return false
		}
	}
	return true
}

// Validate checks and normalises a registration in place.
func (r *Registration) Validate() error {
	var err error
	if r.Name, err = ValidateName("name", r.Name); err != nil {
		return err
	}
	if r.Login, err = NormalizeLogin("login", r.Login); err != nil {
		return err
	}
	if err = ValidatePassword("password", r.Password); err != nil {
		return err
	}
	r.Locale, err = ValidateLocale("locale", r.Locale)
	return err
}

// Validate checks and normalises a profile change in place.
func (p *ProfileChange) Validate() error {
	if p.Name != nil {
		n, err := ValidateName("name", *p.Name)
		if err != nil {
			return err
		}
		p.Name = &n
	}
	if p.Locale != nil {
		if _, err := ValidateLocale("locale", *p.Locale); err != nil || *p.Locale == "" {
			return Invalid("locale", "locale must be zh-CN or en")
		}
	}
	if p.Password != nil {
		if err := ValidatePassword("password", *p.Password); err != nil {
			return err
		}
		if p.CurrentPassword == nil || *p.CurrentPassword == "" {
			return Invalid("current_password", "the current password is required to set a new one")
		}
	}
	return nil
}
