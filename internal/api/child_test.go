package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// childTables hold children's data; a refused request changes none of them.
var childTables = []string{"children", "child_guardians", "child_consents", "pickup_persons", "pickup_delegations", "audit_log"}

// snapshot counts the rows of tables.
func (e *testEnv) snapshot(tables []string) map[string]int {
	e.t.Helper()
	out := map[string]int{}
	for _, tb := range tables {
		out[tb] = e.count(tb)
	}
	return out
}

// unchanged fails the test when a table's row count differs from before.
func (e *testEnv) unchanged(before map[string]int) {
	e.t.Helper()
	for tb, n := range before {
		if got := e.count(tb); got != n {
			e.t.Errorf("%s: %d rows, want %d", tb, got, n)
		}
	}
}

// testChild is the child JSON as a guardian reads it.
type testChild struct {
	ID        string
	Name      string
	BirthDate string `json:"birth_date"`
	Notes     string
	Guardians []struct {
		UserID string `json:"user_id"`
		Name   string
	}
	Consent struct {
		PolicyVersion string `json:"policy_version"`
		UserID        string `json:"user_id"`
		At            time.Time
	}
}

// childBody is a valid registration of 陈小雨 with consent to the current policy.
func childBody() map[string]any {
	return map[string]any{"name": "陈小雨", "birth_date": "2018-05-12", "notes": "花生过敏，随身带肾上腺素笔",
		"consent_policy_version": linli.ChildPolicyVersion}
}

// addChild registers a child as the guardian with cookie and returns it.
func (e *testEnv) addChild(cookie string, body map[string]any) testChild {
	e.t.Helper()
	var out struct{ Child testChild }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children", cookie, body), &out)
	return out.Child
}

// with returns a copy of m with the key set, or removed when v is nil.
func with(m map[string]any, key string, v any) map[string]any {
	out := map[string]any{}
	for k, x := range m {
		out[k] = x
	}
	if v == nil {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}

func TestChildConsent(t *testing.T) {
	e := newEnv(t)
	parentID := e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	before := e.snapshot(childTables)
	e.mustFail(422, "consent_required", "consent_policy_version", e.call("POST", "/api/v1/children", parent, with(childBody(), "consent_policy_version", nil)))
	e.mustFail(422, "consent_required", "consent_policy_version", e.call("POST", "/api/v1/children", parent, with(childBody(), "consent_policy_version", "")))
	e.mustFail(422, "consent_required", "consent_policy_version", e.call("POST", "/api/v1/children", parent, with(childBody(), "consent_policy_version", "2025-01-01")))
	// A bad field is 400 before the missing consent is 422.
	e.mustFail(400, "invalid", "birth_date", e.call("POST", "/api/v1/children", parent, with(with(childBody(), "consent_policy_version", nil), "birth_date", "12.05.2018")))
	e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/children", "", childBody()))
	e.unchanged(before)

	start := e.now().Add(-time.Second)
	c := e.addChild(parent, childBody())
	end := e.now().Add(time.Second)
	if c.Name != "陈小雨" || c.BirthDate != "2018-05-12" || len(c.Guardians) != 1 || c.Guardians[0].UserID != parentID || c.Guardians[0].Name != "陈静" {
		t.Fatalf("created child %+v", c)
	}
	if c.Consent.PolicyVersion != linli.ChildPolicyVersion || c.Consent.UserID != parentID {
		t.Fatalf("child shows consent %+v", c.Consent)
	}
	var who, version, at string
	if err := e.DB.ReadPool().QueryRow(`SELECT user_id, policy_version, at FROM child_consents WHERE child_id = ?`, c.ID).Scan(&who, &version, &at); err != nil {
		t.Fatal(err)
	}
	when, err := time.Parse(time.RFC3339Nano, at)
	if who != parentID || version != linli.ChildPolicyVersion || err != nil || when.Before(start) || when.After(end) {
		t.Fatalf("consent row: user %s, version %s, at %s (%v); want %s, %s, between %s and %s", who, version, at, err, parentID, linli.ChildPolicyVersion, start, end)
	}

	// A PATCH may renew the consent, but only to the current version.
	e.mustFail(422, "consent_required", "consent_policy_version", e.call("PATCH", "/api/v1/children/"+c.ID, parent, map[string]any{"consent_policy_version": "2025-01-01"}))
	e.must(200, e.call("PATCH", "/api/v1/children/"+c.ID, parent, map[string]any{"consent_policy_version": linli.ChildPolicyVersion}), nil)
	var n int
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM child_consents WHERE child_id = ?`, c.ID).Scan(&n)
	if n != 2 {
		t.Fatalf("%d consent rows after a renewal, want 2", n)
	}
}

func TestChildBadInput(t *testing.T) {
	e := newEnv(t)
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	c := e.addChild(parent, childBody())
	today := e.today()
	before := e.snapshot(childTables)
	children, pickups, delegations := "/api/v1/children", "/api/v1/children/"+c.ID+"/pickups", "/api/v1/children/"+c.ID+"/pickup-delegations"
	pickup := map[string]any{"name": "李桂兰", "relation": "奶奶", "phone": "13900000021"}
	delegation := map[string]any{"name": "王阿姨", "phone": "13900000031", "date": today.AddDays(1).String()}
	cases := []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"birth date with slashes", "POST", children, with(childBody(), "birth_date", "2018/05/12"), "birth_date"},
		{"no such day", "POST", children, with(childBody(), "birth_date", "2018-02-30"), "birth_date"},
		{"birth date as a number", "POST", children, `{"name":"陈小雨","birth_date":20180512,"consent_policy_version":"` + linli.ChildPolicyVersion + `"}`, "birth_date"},
		{"born the day after tomorrow", "POST", children, with(childBody(), "birth_date", today.AddDays(2).String()), "birth_date"},
		{"an adult", "POST", children, with(childBody(), "birth_date", "2000-01-01"), "birth_date"},
		{"no birth date", "POST", children, with(childBody(), "birth_date", nil), "birth_date"},
		{"empty birth date beside empty notes", "POST", children, with(with(childBody(), "notes", ""), "birth_date", ""), "birth_date"},
		{"empty name", "POST", children, with(childBody(), "name", ""), "name"},
		{"no name", "POST", children, with(childBody(), "name", nil), "name"},
		{"name too long", "POST", children, with(childBody(), "name", strings.Repeat("雨", 51)), "name"},
		{"unknown field", "POST", children, with(childBody(), "id_number", "210102201805120000"), "id_number"},
		{"notes too long", "POST", children, with(childBody(), "notes", strings.Repeat("敏", 501)), "notes"},
		{"malformed JSON", "POST", children, `{"name":`, ""},
		{"PATCH future birth date", "PATCH", "/api/v1/children/" + c.ID, map[string]any{"birth_date": today.AddDays(2).String()}, "birth_date"},
		{"PATCH empty name", "PATCH", "/api/v1/children/" + c.ID, map[string]any{"name": " "}, "name"},
		{"PATCH unknown field", "PATCH", "/api/v1/children/" + c.ID, map[string]any{"school": "和平一小"}, "school"},
		{"pickup phone invalid", "POST", pickups, with(pickup, "phone", "12345"), "phone"},
		{"pickup phone a landline", "POST", pickups, with(pickup, "phone", "024-23456789"), "phone"},
		{"pickup without relation", "POST", pickups, with(pickup, "relation", nil), "relation"},
		{"pickup relation too long", "POST", pickups, with(pickup, "relation", strings.Repeat("亲", 21)), "relation"},
		{"pickup without name", "POST", pickups, with(pickup, "name", ""), "name"},
		{"delegation phone invalid", "POST", delegations, with(delegation, "phone", "139000000"), "phone"},
		{"delegation date passed", "POST", delegations, with(delegation, "date", today.AddDays(-1).String()), "date"},
		{"delegation date malformed", "POST", delegations, with(delegation, "date", "明天"), "date"},
		{"delegation without date", "POST", delegations, with(delegation, "date", nil), "date"},
		{"delegation with an empty date", "POST", delegations, with(delegation, "date", ""), "date"},
		{"delegation with a null date", "POST", delegations, `{"name":"王阿姨","phone":"13900000031","date":null}`, "date"},
		{"delegation too far ahead", "POST", delegations, with(delegation, "date", today.AddDays(400).String()), "date"},
		{"guardian login malformed", "POST", "/api/v1/children/" + c.ID + "/guardians", map[string]any{"login": "not a login"}, "login"},
	}
	for _, tc := range cases {
		r := e.call(tc.method, tc.path, parent, tc.body)
		if r.Status != 400 || !strings.Contains(string(r.Body), `"code":"invalid"`) || tc.field != "" && !strings.Contains(string(r.Body), `"field":"`+tc.field+`"`) {
			t.Errorf("%s: %d %s; want 400 invalid on %q", tc.name, r.Status, r.Body, tc.field)
		}
	}
	e.unchanged(before)
	var got struct{ Child testChild }
	e.must(200, e.call("GET", "/api/v1/children/"+c.ID, parent, nil), &got)
	if got.Child.Name != c.Name || got.Child.BirthDate != c.BirthDate || got.Child.Notes != c.Notes {
		t.Fatalf("refused changes changed the child: %+v", got.Child)
	}
}

func TestPickupsAndDelegations(t *testing.T) {
	e := newEnv(t)
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	c := e.addChild(parent, childBody())
	base := "/api/v1/children/" + c.ID

	var p struct{ Pickup linli.PickupPerson }
	e.must(201, e.call("POST", base+"/pickups", parent, map[string]any{"name": " 李桂兰 ", "relation": "奶奶", "phone": "+86 139 0000 0021"}), &p)
	if p.Pickup.Name != "李桂兰" || p.Pickup.Phone != "13900000021" || p.Pickup.Relation != "奶奶" || p.Pickup.ChildID != c.ID {
		t.Fatalf("pickup %+v", p.Pickup)
	}
	e.mustFail(409, "conflict", "phone", e.call("POST", base+"/pickups", parent, map[string]any{"name": "李桂兰", "relation": "外婆", "phone": "139-0000-0021"}))
	var pickups struct{ Items []linli.PickupPerson }
	e.must(200, e.call("GET", base+"/pickups", parent, nil), &pickups)
	if len(pickups.Items) != 1 || pickups.Items[0] != p.Pickup {
		t.Fatalf("pickups %+v", pickups.Items)
	}
	e.must(204, e.call("DELETE", base+"/pickups/"+p.Pickup.ID, parent, nil), nil)
	e.mustFail(404, "not_found", "", e.call("DELETE", base+"/pickups/"+p.Pickup.ID, parent, nil))
	for i := range linli.MaxPickupPersons {
		e.must(201, e.call("POST", base+"/pickups", parent, map[string]any{"name": "接送人", "relation": "亲戚", "phone": "1390000010" + string(rune('0'+i))}), nil)
	}
	e.mustFail(409, "conflict", "", e.call("POST", base+"/pickups", parent, map[string]any{"name": "接送人", "relation": "亲戚", "phone": "13900000200"}))

	today := e.today()
	var d struct{ Delegation linli.Delegation }
	e.must(201, e.call("POST", base+"/pickup-delegations", parent, map[string]any{"name": "王阿姨", "phone": "13900000031", "date": today.AddDays(1).String()}), &d)
	if d.Delegation.Name != "王阿姨" || d.Delegation.Date != today.AddDays(1) || d.Delegation.ChildID != c.ID {
		t.Fatalf("delegation %+v", d.Delegation)
	}
	e.mustFail(409, "conflict", "phone", e.call("POST", base+"/pickup-delegations", parent, map[string]any{"name": "王阿姨", "phone": "13900000031", "date": today.AddDays(1).String()}))
	e.must(201, e.call("POST", base+"/pickup-delegations", parent, map[string]any{"name": "王阿姨", "phone": "13900000031", "date": today.AddDays(2).String()}), nil)
	var delegations struct{ Items []linli.Delegation }
	e.must(200, e.call("GET", base+"/pickup-delegations", parent, nil), &delegations)
	if len(delegations.Items) != 2 || delegations.Items[0] != d.Delegation {
		t.Fatalf("delegations %+v", delegations.Items)
	}
	e.must(204, e.call("DELETE", base+"/pickup-delegations/"+d.Delegation.ID, parent, nil), nil)
	e.mustFail(404, "not_found", "", e.call("DELETE", base+"/pickup-delegations/"+d.Delegation.ID, parent, nil))
	e.mustFail(404, "not_found", "", e.call("DELETE", base+"/pickup-delegations/not-a-uuid", parent, nil))
}

func TestUpdateChild(t *testing.T) {
	e := newEnv(t)
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	c := e.addChild(parent, childBody())
	var got struct{ Child testChild }
	e.must(200, e.call("PATCH", "/api/v1/children/"+c.ID, parent, map[string]any{"name": "陈小雨 ", "birth_date": "2018-06-12", "notes": ""}), &got)
	if got.Child.Name != "陈小雨" || got.Child.BirthDate != "2018-06-12" || got.Child.Notes != "" || len(got.Child.Guardians) != 1 {
		t.Fatalf("patched child %+v", got.Child)
	}
	e.must(200, e.call("GET", "/api/v1/children/"+c.ID, parent, nil), &got)
	if got.Child.BirthDate != "2018-06-12" || got.Child.Notes != "" {
		t.Fatalf("stored child %+v", got.Child)
	}
}

func TestChildDataPolicyLanguage(t *testing.T) {
	e := newEnv(t)
	e.register("Emma", "emma@linli.test")
	emma := e.login("emma@linli.test")
	e.must(200, e.call("PATCH", "/api/v1/me", emma, map[string]any{"locale": "en"}), nil)
	cases := []struct {
		name, cookie, acceptLanguage, want string
	}{
		{"default", "", "", linli.LocaleZH},
		{"English browser", "", "en-US,en;q=0.9", linli.LocaleEN},
		{"Chinese browser", "", "zh-CN,zh;q=0.9,en;q=0.8", linli.LocaleZH},
		{"by quality", "", "fr, en;q=0.5, zh-TW;q=0.4", linli.LocaleEN},
		{"neither", "", "fr-FR, de", linli.LocaleZH},
		{"user's locale first", emma, "zh-CN", linli.LocaleEN},
		{"admin's locale", e.Admin, "en", linli.LocaleZH},
	}
	for _, c := range cases {
		var p linli.Policy
		var headers []string
		if c.acceptLanguage != "" {
			headers = []string{"Accept-Language", c.acceptLanguage}
		}
		r := e.call("GET", "/api/v1/policies/child-data", c.cookie, nil, headers...)
		e.must(200, r, &p)
		if p.Locale != c.want || p.Version != linli.ChildPolicyVersion || r.Header.Get("Content-Language") != c.want {
			t.Errorf("%s: locale %q version %q, want %q %q", c.name, p.Locale, p.Version, c.want, linli.ChildPolicyVersion)
		}
		if c.want == linli.LocaleZH && !strings.Contains(p.Text, "儿童个人信息") || c.want == linli.LocaleEN && !strings.Contains(p.Text, "Children's personal information") {
			t.Errorf("%s: text in the wrong language: %.80s", c.name, p.Text)
		}
	}
}

// FuzzChildBodies sends arbitrary bodies to the write routes of children as a guardian and checks
// that the server never answers 5xx, always answers in the error shape, and writes nothing to the
// children's tables or the audit log when it refuses.
func FuzzChildBodies(f *testing.F) {
	for _, s := range []string{
		`{"name":"陈小雨","birth_date":"2018-05-12","consent_policy_version":"` + linli.ChildPolicyVersion + `"}`,
		`{"name":"陈小雨","birth_date":"2018-02-29"}`, `{"birth_date":"0000-01-01"}`, `{"birth_date":"9999-12-31"}`,
		`{"notes":null}`, `{"name":"\u0000"}`, `{"login":"+86 138 0000 0009"}`, `{"login":"a@b"}`,
		`{"name":"李桂兰","relation":"奶奶","phone":"+8613900000021"}`, `{"phone":13900000021}`,
		`{"name":"王阿姨","phone":"13900000031","date":"2999-01-01"}`, `{"date":"2026-13-01"}`,
		`{"name":`, `[]`, `null`, "\x00\xff", `{"name":"\ud800"}`, `{"consent_policy_version":1}`,
	} {
		f.Add(s, uint8(0))
	}
	e := newEnv(&testing.T{})
	e.register("陈静", "13800000007")
	e.register("陈刚", "13800000009")
	parent := e.login("13800000007")
	c := e.addChild(parent, childBody())
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/children"},
		{"PATCH", "/api/v1/children/" + c.ID},
		{"POST", "/api/v1/children/" + c.ID + "/guardians"},
		{"POST", "/api/v1/children/" + c.ID + "/pickups"},
		{"POST", "/api/v1/children/" + c.ID + "/pickup-delegations"},
	}
	f.Fuzz(func(t *testing.T, body string, route uint8) {
		e.t = t
		rt := routes[int(route)%len(routes)]
		before := e.snapshot(childTables)
		r := e.call(rt.method, rt.path, parent, body)
		if r.Status >= 500 {
			t.Fatalf("%s %s %q: %d %s", rt.method, rt.path, body, r.Status, r.Body)
		}
		if r.Status >= 400 {
			if !strings.HasPrefix(string(r.Body), `{"error":{"code":"`) {
				t.Fatalf("error not in the API's shape: %s", r.Body)
			}
			e.unchanged(before)
		}
	})
}
