package linli

import (
	"strings"
	"testing"
	"time"
)

func TestAgeOn(t *testing.T) {
	cases := []struct {
		birth, on string
		want      int
	}{
		{"2018-05-12", "2018-05-12", 0},
		{"2018-05-12", "2019-05-11", 0},
		{"2018-05-12", "2019-05-12", 1},
		{"2018-05-12", "2026-11-25", 8},
		{"2016-11-20", "2026-11-19", 9},
		{"2016-11-20", "2026-11-20", 10},
		{"2018-12-31", "2019-01-01", 0},
		// Born on 29 February: a year older on 1 March in common years, on 29 February in leap years.
		{"2016-02-29", "2017-02-28", 0},
		{"2016-02-29", "2017-03-01", 1},
		{"2016-02-29", "2020-02-28", 3},
		{"2016-02-29", "2020-02-29", 4},
		{"2016-02-29", "2022-02-28", 5},
		{"2016-02-29", "2022-03-01", 6},
		// Before birth the age is negative.
		{"2020-05-01", "2020-04-30", -1},
	}
	for _, c := range cases {
		if got := AgeOn(mustDate(t, c.birth), mustDate(t, c.on)); got != c.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", c.birth, c.on, got, c.want)
		}
	}
}

func TestTodayInChina(t *testing.T) {
	// 16:30 UTC is 00:30 the next day in Beijing.
	if got := TodayInChina(time.Date(2026, 8, 31, 16, 30, 0, 0, time.UTC)); got.String() != "2026-09-01" {
		t.Fatalf("TodayInChina = %s, want 2026-09-01", got)
	}
}

func TestChildChangeApply(t *testing.T) {
	today := NewDate(2026, 9, 1)
	v := ChildPolicyVersion
	base := func() ChildChange {
		return ChildChange{Name: strp("陈小雨"), BirthDate: datep(t, "2018-05-12"), Notes: strp("花生过敏"), ConsentPolicyVersion: &v}
	}
	cases := []struct {
		name, field, code string
		change            func(*ChildChange)
	}{
		{"valid", "", "", func(*ChildChange) {}},
		{"no notes", "", "", func(c *ChildChange) { c.Notes = nil }},
		{"born today", "", "", func(c *ChildChange) { c.BirthDate = datep(t, "2026-09-01") }},
		{"17 today", "", "", func(c *ChildChange) { c.BirthDate = datep(t, "2008-09-02") }},
		{"name 50 characters", "", "", func(c *ChildChange) { c.Name = strp(strings.Repeat("雨", 50)) }},
		{"notes 500 characters", "", "", func(c *ChildChange) { c.Notes = strp(strings.Repeat("敏", 500)) }},
		{"no name", "name", EInvalid, func(c *ChildChange) { c.Name = nil }},
		{"blank name", "name", EInvalid, func(c *ChildChange) { c.Name = strp("   ") }},
		{"name 51 characters", "name", EInvalid, func(c *ChildChange) { c.Name = strp(strings.Repeat("雨", 51)) }},
		{"name with a line break", "name", EInvalid, func(c *ChildChange) { c.Name = strp("陈\n小雨") }},
		{"no birth date", "birth_date", EInvalid, func(c *ChildChange) { c.BirthDate = nil }},
		{"born tomorrow", "birth_date", EInvalid, func(c *ChildChange) { c.BirthDate = datep(t, "2026-09-02") }},
		{"18 today", "birth_date", EInvalid, func(c *ChildChange) { c.BirthDate = datep(t, "2008-09-01") }},
		{"notes 501 characters", "notes", EInvalid, func(c *ChildChange) { c.Notes = strp(strings.Repeat("敏", 501)) }},
		{"no consent", "consent_policy_version", EConsentRequired, func(c *ChildChange) { c.ConsentPolicyVersion = nil }},
		{"outdated consent", "consent_policy_version", EConsentRequired, func(c *ChildChange) { c.ConsentPolicyVersion = strp("2025-01-01") }},
		{"bad field before consent", "name", EInvalid, func(c *ChildChange) { c.Name, c.ConsentPolicyVersion = strp(""), nil }},
	}
	for _, c := range cases {
		ch := base()
		c.change(&ch)
		var child Child
		err := ch.Apply(&child, today)
		if ErrorCode(err) != c.code && !(c.code == "" && err == nil) || ErrorField(err) != c.field {
			t.Errorf("%s: %v; want code %q on %q", c.name, err, c.code, c.field)
		}
	}
}

func TestChildChangeUpdate(t *testing.T) {
	today := NewDate(2026, 9, 1)
	stored := func() Child {
		return Child{Name: "陈小雨", BirthDate: NewDate(2018, 5, 12), Notes: "花生过敏", Consent: &Consent{PolicyVersion: "2025-01-01"}}
	}
	c := stored()
	if err := (&ChildChange{Notes: strp("")}).Apply(&c, today); err != nil || c.Notes != "" || c.Name != "陈小雨" {
		t.Fatalf("clearing notes: %v, %+v", err, c)
	}
	c = stored()
	if err := (&ChildChange{Name: strp("")}).Apply(&c, today); ErrorField(err) != "name" {
		t.Fatalf("blank name on update: %v", err)
	}
	c = stored()
	if err := (&ChildChange{ConsentPolicyVersion: strp("2025-01-01")}).Apply(&c, today); ErrorCode(err) != EConsentRequired {
		t.Fatalf("renewing consent to an old version: %v", err)
	}
	c = stored()
	v := ChildPolicyVersion
	if err := (&ChildChange{ConsentPolicyVersion: &v}).Apply(&c, today); err != nil {
		t.Fatalf("renewing consent: %v", err)
	}
	if got := (&ChildChange{Name: strp("x"), Notes: strp("")}).ChangedFields(); strings.Join(got, ",") != "name,notes" {
		t.Fatalf("ChangedFields = %v", got)
	}
}

func TestPickupAndDelegationValidate(t *testing.T) {
	today := NewDate(2026, 9, 1)
	pickups := []struct {
		in    NewPickupPerson
		field string
		phone string
	}{
		{NewPickupPerson{"李桂兰", "奶奶", "13900000021"}, "", "13900000021"},
		{NewPickupPerson{" 李桂兰 ", "奶奶", "+86 139-0000-0021"}, "", "13900000021"},
		{NewPickupPerson{"", "奶奶", "13900000021"}, "name", ""},
		{NewPickupPerson{"李桂兰", "", "13900000021"}, "relation", ""},
		{NewPickupPerson{"李桂兰", strings.Repeat("亲", 21), "13900000021"}, "relation", ""},
		{NewPickupPerson{"李桂兰", "奶奶", "12900000021"}, "phone", ""},
		{NewPickupPerson{"李桂兰", "奶奶", "024-23456789"}, "phone", ""},
		{NewPickupPerson{"李桂兰", "奶奶", "nai@example.cn"}, "phone", ""},
	}
	for _, c := range pickups {
		p, err := c.in.Validate("child")
		if ErrorField(err) != c.field || err == nil && (p.Phone != c.phone || p.Name != "李桂兰" || p.ChildID != "child") {
			t.Errorf("%+v: %+v, %v; want field %q", c.in, p, err, c.field)
		}
	}
	delegations := []struct {
		date  string
		field string
	}{
		{"2026-09-01", ""},
		{"2027-09-02", ""},
		{"2026-08-31", "date"},
		{"2027-09-03", "date"},
		{"", "date"},
	}
	for _, c := range delegations {
		in := NewDelegation{Name: "王阿姨", Phone: "13900000031"}
		if c.date != "" {
			in.Date = datep(t, c.date)
		}
		d, err := in.Validate("child", today)
		if ErrorField(err) != c.field || err == nil && d.Date != *in.Date {
			t.Errorf("delegation on %q: %+v, %v; want field %q", c.date, d, err, c.field)
		}
	}
	if _, err := (NewDelegation{Name: "王阿姨", Phone: "1390000003", Date: &today}).Validate("child", today); ErrorField(err) != "phone" {
		t.Errorf("a 10-digit phone: %v", err)
	}
}

func TestChildDataPolicy(t *testing.T) {
	zh, en := ChildDataPolicy(LocaleZH), ChildDataPolicy(LocaleEN)
	if zh.Locale != LocaleZH || en.Locale != LocaleEN || ChildDataPolicy("fr").Locale != LocaleZH {
		t.Fatalf("locales %q %q", zh.Locale, en.Locale)
	}
	for _, p := range []Policy{zh, en} {
		if p.Version != ChildPolicyVersion || !strings.Contains(p.Text, ChildPolicyVersion) {
			t.Errorf("%s policy text does not carry version %s", p.Locale, ChildPolicyVersion)
		}
	}
	for _, want := range []string{"出生日期", "接送人", "删除", "导出", "30 天"} {
		if !strings.Contains(zh.Text, want) {
			t.Errorf("Chinese policy lacks %q", want)
		}
	}
	for _, want := range []string{"date of birth", "pickup", "delete", "export", "30 days"} {
		if !strings.Contains(en.Text, want) {
			t.Errorf("English policy lacks %q", want)
		}
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func datep(t *testing.T, s string) *Date {
	d := mustDate(t, s)
	return &d
}
