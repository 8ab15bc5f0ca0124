package linli

import "testing"

func TestNormalizeLogin(t *testing.T) {
	cases := []struct{ in, want string }{
		{"13800138000", "13800138000"},
		{"+8613800138000", "13800138000"},
		{"+86 138 0013 8000", "13800138000"},
		{"138-0013-8000", "13800138000"},
		{"19912345678", "19912345678"},
		{"Zhang.San@Example.CN", "zhang.san@example.cn"},
		{"12800138000", ""},    // 12x is no mobile prefix
		{"1380013800", ""},     // 10 digits
		{"+8513800138000", ""}, // not +86
		{"024-23456789", ""},   // a landline
		{"a@b", ""},
		{"a b@c.cn", ""},
		{"<a@b.cn>", ""},
		{"", ""},
	}
	for _, c := range cases {
		got, err := NormalizeLogin("login", c.in)
		if c.want == "" {
			if err == nil || ErrorField(err) != "login" || ErrorCode(err) != EInvalid {
				t.Errorf("NormalizeLogin(%q) = %q, %v; want an invalid error on login", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("NormalizeLogin(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, p := range []string{"1234567", "密码密码密码密", ""} {
		if ValidatePassword("password", p) == nil {
			t.Errorf("password %q accepted", p)
		}
	}
	for _, p := range []string{"12345678", "密码密码密码密码"} {
		if err := ValidatePassword("password", p); err != nil {
			t.Errorf("password %q refused: %v", p, err)
		}
	}
}

func TestNewMemberValidate(t *testing.T) {
	bad := []NewMember{
		{},
		{UserID: "x", Role: "teacher"},
		{UserID: "x", Role: "teacher", TeacherType: "professor"},
		{UserID: "x", Role: "volunteer", TeacherType: TeacherSchool},
		{Login: "bad login", Role: "volunteer"},
	}
	for _, m := range bad {
		if ErrorCode(m.Validate()) != EInvalid {
			t.Errorf("%+v accepted", m)
		}
	}
	ok := NewMember{Login: "+8613800138000", Role: RoleTeacher, TeacherType: TeacherResident}
	if err := ok.Validate(); err != nil || ok.Login != "13800138000" {
		t.Errorf("%+v: %v", ok, err)
	}
}

func TestDateAndClock(t *testing.T) {
	for _, s := range []string{"2026-02-30", "2026-2-1", "20260201", "2026-02-01T00:00:00Z", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	d, _ := ParseDate("2026-02-14")
	if d.ISOWeekday() != 6 || d.AddDays(1).ISOWeekday() != 7 || d.AddDays(2).ISOWeekday() != 1 {
		t.Error("ISO weekdays wrong around 2026-02-14 (a Saturday)")
	}
	for _, s := range []string{"24:00", "9:00", "09:60", "0900"} {
		if _, err := ParseClock(s); err == nil {
			t.Errorf("ParseClock(%q) accepted", s)
		}
	}
}
