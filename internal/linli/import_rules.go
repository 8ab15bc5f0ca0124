package linli

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ImportColumn is a column of an import file: the field it fills, its header in the template,
// the other headers it is known by, and whether a file must have it.
type ImportColumn struct {
	Field    string
	Header   string
	Aliases  []string
	Required bool
}

// ImportColumns are the columns of each kind of import, in the template's order.
var ImportColumns = map[string][]ImportColumn{
	ImportHouseholds: {
		{Field: "grid", Header: "网格", Aliases: []string{"网格/小区", "小区"}, Required: true},
		{Field: "building", Header: "楼栋", Aliases: []string{"楼院", "楼号"}, Required: true},
		{Field: "label", Header: "门牌", Aliases: []string{"门牌号", "户号", "房号"}, Required: true},
		{Field: "contact_name", Header: "联系人"},
		{Field: "contact_phone", Header: "联系电话", Aliases: []string{"电话"}},
		{Field: "needs", Header: "需求"},
		{Field: "visit_every_days", Header: "走访周期(天)", Aliases: []string{"走访周期"}},
	},
	ImportMembers: {
		{Field: "name", Header: "姓名", Required: true},
		{Field: "phone", Header: "手机号", Aliases: []string{"手机", "手机号码"}, Required: true},
		{Field: "role", Header: "角色", Required: true},
		{Field: "teacher_type", Header: "教师类型"},
	},
}

// ImportHeader is where each field's column is in a file, and the header the file gives it.
type ImportHeader struct {
	index  map[string]int
	header map[string]string
}

// Has reports whether the file has the field's column.
func (h ImportHeader) Has(field string) bool { _, ok := h.index[field]; return ok }

// Column is the header of the field's column as the file writes it.
func (h ImportHeader) Column(field string) string { return h.header[field] }

// cell is the trimmed text of the field's cell in a row; "" when the column or cell is missing.
func (h ImportHeader) cell(cells []string, field string) string {
	i, ok := h.index[field]
	if !ok || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

var (
	headerSpelling  = strings.NewReplacer(" ", "", "\u3000", "", "（", "(", "）", ")", "\ufeff", "")
	wideParens      = strings.NewReplacer("（", "(", "）", ")")
	phoneSeparators = strings.NewReplacer("-", "", " ", "")
)

// headerKey is a header as it is compared: without spaces, with ASCII parentheses, lower case.
func headerKey(s string) string {
	return strings.ToLower(headerSpelling.Replace(strings.TrimSpace(s)))
}

// ReadImportHeader finds the columns of kind in a header row, in any order, by their header, an
// alias or the field's code; other columns are ignored. A missing required column, or one given
// twice, is a 400 naming it.
func ReadImportHeader(kind string, row []string, locale string) (ImportHeader, error) {
	h := ImportHeader{index: map[string]int{}, header: map[string]string{}}
	known := map[string]string{}
	for _, c := range ImportColumns[kind] {
		for _, name := range append([]string{c.Header, c.Field}, c.Aliases...) {
			known[headerKey(name)] = c.Field
		}
	}
	for i, cell := range row {
		field, ok := known[headerKey(cell)]
		if !ok {
			continue
		}
		if _, dup := h.index[field]; dup {
			return h, Invalid(strings.TrimSpace(cell), "%s", ImportText(locale, "duplicate_column", strings.TrimSpace(cell)))
		}
		h.index[field], h.header[field] = i, strings.TrimSpace(cell)
	}
	var missing []string
	for _, c := range ImportColumns[kind] {
		if c.Required && !h.Has(c.Field) {
			missing = append(missing, c.Header)
		}
	}
	if len(missing) > 0 {
		sep := "、"
		if locale == LocaleEN {
			sep = ", "
		}
		return h, Invalid(missing[0], "%s", ImportText(locale, "missing_column", strings.Join(missing, sep)))
	}
	return h, nil
}

// HouseholdImport is one valid row of a households file. The optional columns the file lacks
// are nil and keep a household's value.
type HouseholdImport struct {
	Grid, Building, Label string
	ContactName           *string
	ContactPhone          *string
	Needs                 *[]string
	VisitEveryDays        *int
	HasVisitEveryDays     bool
}

// ParseHouseholdRow reads and checks one row of a households file; issues name the columns at
// fault in the caller's language.
func ParseHouseholdRow(h ImportHeader, cells []string, locale string) (HouseholdImport, []ImportIssue) {
	var out HouseholdImport
	var issues []ImportIssue
	bad := func(field, key string, args ...any) {
		issues = append(issues, ImportIssue{Column: h.Column(field), Message: ImportText(locale, key, args...)})
	}
	name := func(field string) string {
		s := h.cell(cells, field)
		switch {
		case s == "":
			bad(field, "required")
		case utf8.RuneCountInString(s) > 100 || !OneLine(s):
			bad(field, "too_long", 100)
		}
		return s
	}
	out.Grid, out.Building, out.Label = name("grid"), name("building"), name("label")
	if h.Has("contact_name") {
		s := h.cell(cells, "contact_name")
		if utf8.RuneCountInString(s) > 50 || !OneLine(s) && s != "" {
			bad("contact_name", "too_long", 50)
		}
		out.ContactName = &s
	}
	if h.Has("contact_phone") {
		s := h.cell(cells, "contact_phone")
		if s != "" {
			phone, ok := ContactPhone(s)
			if !ok {
				bad("contact_phone", "bad_phone")
			}
			s = phone
		}
		out.ContactPhone = &s
	}
	if h.Has("needs") {
		needs, key, arg := ParseNeeds(h.cell(cells, "needs"))
		switch key {
		case "unknown_need":
			bad("needs", key, arg, needChoices(locale))
		case "repeated_need":
			bad("needs", key, arg)
		}
		out.Needs = &needs
	}
	if h.Has("visit_every_days") {
		out.HasVisitEveryDays = true
		if s := h.cell(cells, "visit_every_days"); s != "" {
			n, err := strconv.Atoi(plainNumber(strings.TrimSpace(strings.TrimSuffix(s, "天"))))
			if err != nil || n < 1 || n > 366 {
				bad("visit_every_days", "bad_days")
			}
			out.VisitEveryDays = &n
		}
	}
	return out, issues
}

// Key is the row's place: grid, building and door, which match it to a stored household.
func (r HouseholdImport) Key() string { return r.Grid + "\x00" + r.Building + "\x00" + r.Label }

// ContactPhone checks a household's 联系电话 and returns it as stored: a mainland mobile number
// (11 digits; a +86 prefix, spaces and dashes allowed) as its digits, or a landline as area code,
// a dash and 7–8 digits. The area code is 0 and 2 digits for 01x and 02x (010 Beijing, 021
// Shanghai …), 0 and 3 digits otherwise; it may be followed by a dash or a space, or stand in
// parentheses, or be written straight before the number.
func ContactPhone(s string) (string, bool) {
	s = plainNumber(strings.TrimSpace(s))
	if phone, ok := mobileNumber(s); ok {
		return phone, true
	}
	s = wideParens.Replace(s)
	if strings.HasPrefix(s, "(") {
		area, rest, ok := strings.Cut(s[1:], ")")
		if !ok {
			return "", false
		}
		s = area + "-" + strings.TrimSpace(rest)
	}
	digits := phoneSeparators.Replace(s)
	if len(digits) < 3 || digits[0] != '0' || !allDigits(digits) {
		return "", false
	}
	areaLen := 4
	if digits[1] == '1' || digits[1] == '2' {
		areaLen = 3
	}
	area, number := digits[:areaLen], digits[areaLen:]
	if len(number) < 7 || len(number) > 8 || number[0] == '0' {
		return "", false
	}
	// With a separator, it must stand exactly after the area code.
	if sep := strings.IndexAny(s, "- "); sep >= 0 && (sep != areaLen || strings.Count(s, "-")+strings.Count(s, " ") > 1) {
		return "", false
	}
	return area + "-" + number, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// plainNumber writes a whole number that a spreadsheet stored as a float (1.3800000001E10,
// 30.0) with its digits; any other text is returned as it is.
func plainNumber(s string) string {
	if !strings.ContainsAny(s, ".eE") {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) || f < 0 {
		return s
	}
	return strconv.FormatInt(int64(f), 10)
}

// needLabels are the zh-CN labels of the household needs, as the pages show them.
var needLabels = map[string]string{
	"elderly_alone": "独居老人", "elderly": "老年人", "disabled": "残疾人", "low_income": "低收入",
	"left_behind_child": "留守儿童", "veteran": "退役军人", "other": "其他",
}

var needOrder = []string{"elderly_alone", "elderly", "disabled", "low_income", "left_behind_child", "veteran", "other"}

// listSeparators split a cell that lists several values: 、 and commas of either width, the
// semicolons Excel users also type, and line breaks within a cell.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;；\n\r", r) })
}

// ParseNeeds reads a 需求 cell: need codes or their zh-CN labels, separated by 、 or a comma. On
// error it returns the message key and the need at fault.
func ParseNeeds(s string) (needs []string, key, bad string) {
	needs = []string{}
	seen := map[string]bool{}
	for _, part := range splitList(s) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code := strings.ToLower(part)
		if !householdNeeds[code] {
			code = ""
			for c, label := range needLabels {
				if label == part {
					code = c
				}
			}
		}
		if code == "" {
			return needs, "unknown_need", part
		}
		if seen[code] {
			return needs, "repeated_need", part
		}
		seen[code] = true
		needs = append(needs, code)
	}
	return needs, "", ""
}

// NeedLabel is the zh-CN label of a household need.
func NeedLabel(code string) string { return needLabels[code] }

// NeedCodes are the household needs in the order the template lists them.
func NeedCodes() []string { return append([]string{}, needOrder...) }

func needChoices(locale string) string {
	if locale == LocaleEN {
		return strings.Join(needOrder, ", ")
	}
	var out []string
	for _, c := range needOrder {
		out = append(out, needLabels[c])
	}
	return strings.Join(out, "、")
}
