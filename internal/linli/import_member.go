package linli

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// roleLabels and teacherLabels are the zh-CN words for roles and teacher types that a members
// file may use instead of the codes.
var (
	roleLabels = map[string][]string{
		RoleCoordinator: {"社区协调员", "协调员"},
		RoleTeacher:     {"老师", "教师"},
		RoleVolunteer:   {"志愿者"},
	}
	teacherLabels = map[string][]string{
		TeacherSchool:    {"学校教师"},
		TeacherCommunity: {"社区兼职教师"},
		TeacherResident:  {"居民志愿者"},
	}
	roleOrder    = []string{RoleCoordinator, RoleTeacher, RoleVolunteer}
	teacherOrder = []string{TeacherSchool, TeacherCommunity, TeacherResident}
)

// lookupCode finds a code by itself (any case) or by one of its zh-CN labels.
func lookupCode(s string, labels map[string][]string) string {
	if _, ok := labels[strings.ToLower(s)]; ok {
		return strings.ToLower(s)
	}
	for code, words := range labels {
		if slices.Contains(words, s) {
			return code
		}
	}
	return ""
}

func choices(order []string, labels map[string][]string, locale string) string {
	if locale == LocaleEN {
		return strings.Join(order, ", ")
	}
	var out []string
	for _, c := range order {
		out = append(out, labels[c][0])
	}
	return strings.Join(out, "、")
}

// RoleLabel is the zh-CN word for a role; TeacherTypeLabel for a teacher type.
func RoleLabel(role string) string { return roleLabels[role][0] }

// TeacherTypeLabel is the zh-CN word for a teacher type.
func TeacherTypeLabel(t string) string { return teacherLabels[t][0] }

// MemberImport is one row of a members file: a name, a mobile number (the login) and a role.
type MemberImport struct {
	Name, Phone, Role, TeacherType string
}

// Key is what matches the row to a stored member: the number and the role, since one person may
// hold several roles.
func (m MemberImport) Key() string { return m.Phone + "\x00" + m.Role }

// ParseMemberRow reads and checks one row of a members file. mayAppoint tells whether the caller
// may grant the coordinator role (administrators only).
func ParseMemberRow(h ImportHeader, cells []string, locale string, mayAppoint bool) (MemberImport, []ImportIssue) {
	var m MemberImport
	var issues []ImportIssue
	bad := func(field, key string, args ...any) {
		issues = append(issues, ImportIssue{Column: h.Column(field), Message: ImportText(locale, key, args...)})
	}
	m.Name = h.cell(cells, "name")
	switch {
	case m.Name == "":
		bad("name", "required")
	case utf8.RuneCountInString(m.Name) > 100 || !OneLine(m.Name):
		bad("name", "too_long", 100)
	}
	phone := plainNumber(h.cell(cells, "phone"))
	switch p, ok := mobileNumber(phone); {
	case phone == "":
		bad("phone", "required")
	case !ok:
		bad("phone", "bad_mobile")
	default:
		m.Phone = p
	}
	role := h.cell(cells, "role")
	m.Role = lookupCode(role, roleLabels)
	switch {
	case role == "":
		bad("role", "required")
	case m.Role == "":
		bad("role", "unknown_role", role, choices(roleOrder, roleLabels, locale))
	case m.Role == RoleCoordinator && !mayAppoint:
		bad("role", "coordinator_admin")
	}
	tt := h.cell(cells, "teacher_type")
	m.TeacherType = lookupCode(tt, teacherLabels)
	switch {
	case tt != "" && m.TeacherType == "":
		bad("teacher_type", "unknown_teacher", tt, choices(teacherOrder, teacherLabels, locale))
	case m.Role == RoleTeacher && tt == "":
		column := h.Column("teacher_type")
		if column == "" {
			column = "教师类型"
		}
		issues = append(issues, ImportIssue{Column: column, Message: ImportText(locale, "teacher_needed")})
	case m.Role != RoleTeacher && m.Role != "" && tt != "":
		bad("teacher_type", "teacher_only")
	}
	return m, issues
}

// StoredMember is what a community holds for a number and a role: an active membership (its
// name is the user's own, which an import never changes) or a pending one.
type StoredMember struct {
	UserID      string // "" for a pending member
	TeacherType string
	Name        string
}

// MemberAction decides what importing m does: create when nothing is stored for its number and
// role; unchanged when the teacher type (and, for a pending member, the name) is the same; else
// update.
func MemberAction(stored *StoredMember, m MemberImport) string {
	switch {
	case stored == nil:
		return ActionCreate
	case stored.TeacherType != m.TeacherType:
		return ActionUpdate
	case stored.UserID == "" && stored.Name != m.Name:
		return ActionUpdate
	}
	return ActionUnchanged
}

// HouseholdAction decides what importing r does to the stored household (nil: none at its
// place) and returns the household as it would be: the file's columns over the stored values.
// Needs are compared as sets.
func HouseholdAction(stored *Household, r HouseholdImport) (string, Household) {
	var h Household
	if stored != nil {
		h = *stored
		h.Needs = append([]string{}, stored.Needs...)
	}
	h.Label = r.Label
	if r.ContactName != nil {
		h.ContactName = *r.ContactName
	}
	if r.ContactPhone != nil {
		h.ContactPhone = *r.ContactPhone
	}
	if r.Needs != nil && (stored == nil || !sameSet(stored.Needs, *r.Needs)) {
		h.Needs = append([]string{}, (*r.Needs)...)
	}
	if h.Needs == nil {
		h.Needs = []string{}
	}
	if r.HasVisitEveryDays {
		h.VisitEveryDays = r.VisitEveryDays
	}
	if stored == nil {
		return ActionCreate, h
	}
	same := h.ContactName == stored.ContactName && h.ContactPhone == stored.ContactPhone &&
		sameSet(h.Needs, stored.Needs) && sameDays(h.VisitEveryDays, stored.VisitEveryDays)
	if same {
		return ActionUnchanged, h
	}
	return ActionUpdate, h
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func sameDays(a, b *int) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// FlagDuplicates marks every row whose key an earlier row already has, in the column named:
// a file that lists one household or member twice is an error, not a last-one-wins.
func FlagDuplicates(rows []ImportRow, keys []string, column, locale string) {
	first := map[string]int{}
	for i, k := range keys {
		if k == "" {
			continue
		}
		if j, ok := first[k]; ok {
			rows[i].Errors = append(rows[i].Errors, ImportIssue{Column: column, Message: ImportText(locale, "duplicate_row", rows[j].Row)})
			continue
		}
		first[k] = i
	}
}
