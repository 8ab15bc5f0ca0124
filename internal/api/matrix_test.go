package api_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// mxRow is one route of the authorisation matrix: a request with {placeholders} (see
// mxFixture) and the status each caller gets, in the order anonymous, parent A, parent B,
// volunteer, teacher of another session, coordinator of another community, coordinator, admin.
// Placeholders named fresh_… are a new object for each cell, so a cell that deletes or uses
// something up leaves the next one the same world.
type mxRow struct {
	method, path, body string
	want               [mxCallers]int
	// ownSession: the route ends or replaces the caller's sign-in, so each cell signs in anew.
	ownSession bool
	// objectInBody: the object the caller may not see is named in the body, so a malformed body
	// is 400 before it can be 404.
	objectInBody bool
}

// mxMalformed is the body of the matrix's second pass: whoever may not call the route gets the
// same answer as with a good body (the permission check comes first), everyone else 400.
const mxMalformed = `{"name": "半个`

// Shorthands for rows whose callers all get the same answer.
var (
	mxAll200 = [mxCallers]int{200, 200, 200, 200, 200, 200, 200, 200}
	mxAll204 = [mxCallers]int{204, 204, 204, 204, 204, 204, 204, 204}
	mxAll201 = [mxCallers]int{201, 201, 201, 201, 201, 201, 201, 201}
	mxAll404 = [mxCallers]int{404, 404, 404, 404, 404, 404, 404, 404}
	// Signed in, any role.
	mxUser200 = [mxCallers]int{401, 200, 200, 200, 200, 200, 200, 200}
	// The server's administrators only.
	mxAdminOnly = func(ok int) [mxCallers]int { return [mxCallers]int{401, 403, 403, 403, 403, 403, 403, ok} }
	// The community's coordinators (and administrators); its other members 403, everyone else 404.
	mxCoordOnly = func(ok int) [mxCallers]int { return [mxCallers]int{401, 404, 404, 403, 403, 404, ok, ok} }
	// A public object that only the community's coordinators may change: whoever sees it gets 403.
	mxPublicCoord = func(ok int) [mxCallers]int { return [mxCallers]int{401, 403, 403, 403, 403, 403, ok, ok} }
	// A child's own data: its guardian (parent A) only.
	mxGuardianA = func(ok int) [mxCallers]int { return [mxCallers]int{401, ok, 404, 404, 404, 404, 404, 404} }
)

// mxRows is the matrix. Every route of the router needs at least one row (TestAuthorizationMatrix
// fails otherwise), so a new route is not served until someone has decided who may call it.
var mxRows = []mxRow{
	// Operations.
	{method: "GET", path: "/healthz", want: mxAll200},
	{method: "GET", path: "/readyz", want: mxAll200},
	{method: "*", path: "/metrics", want: mxAll200},

	// Accounts.
	{method: "POST", path: "/api/v1/auth/register", body: `{"name":"新居民","login":"{fresh_login}","password":"a-long-password"}`, want: mxAll201},
	{method: "POST", path: "/api/v1/auth/login", body: `{"login":"mx-grandpa@linli.test","password":"password-mx-grandpa@linli.test"}`, want: mxAll200, ownSession: true},
	{method: "POST", path: "/api/v1/auth/logout", want: [mxCallers]int{401, 204, 204, 204, 204, 204, 204, 204}, ownSession: true},
	{method: "POST", path: "/api/v1/auth/reset", body: `{"login":"{reset_login}","reset_code":"{fresh_reset_code}","password":"a-new-password"}`, want: mxAll204},
	{method: "GET", path: "/api/v1/me", want: mxUser200},
	{method: "PATCH", path: "/api/v1/me", body: `{"locale":"zh-CN"}`, want: mxUser200},
	{method: "GET", path: "/api/v1/me/sessions", want: mxUser200},
	{method: "DELETE", path: "/api/v1/me/sessions/{fresh_device_of_A}", want: mxGuardianA(204)},
	// Every caller of the fixture guards a child or holds a role, so none may go.
	{method: "DELETE", path: "/api/v1/me", body: `{"password":"{caller_password}"}`, want: [mxCallers]int{401, 409, 409, 409, 409, 409, 409, 409}},
	{method: "POST", path: "/api/v1/users/{user_teacher}/password-reset", want: [mxCallers]int{401, 404, 404, 404, 404, 404, 201, 201}},

	// Communities, members, places, audit.
	{method: "POST", path: "/api/v1/communities", body: `{"name":"新社区"}`, want: mxAdminOnly(201)},
	{method: "GET", path: "/api/v1/communities", want: mxAll200},
	{method: "GET", path: "/api/v1/communities/{community}", want: mxAll200},
	{method: "PATCH", path: "/api/v1/communities/{community}", body: `{"district":"和平区"}`, want: mxCoordOnly(200)},
	{method: "POST", path: "/api/v1/communities/{community}/members", body: `{"user_id":"{fresh_member}","role":"teacher","teacher_type":"community_teacher"}`, want: mxCoordOnly(201)},
	{method: "DELETE", path: "/api/v1/communities/{community}/members/{fresh_member}?role=volunteer", want: mxCoordOnly(204)},
	{method: "GET", path: "/api/v1/communities/{community}/members", want: mxCoordOnly(200)},
	{method: "POST", path: "/api/v1/communities/{community}/members", body: `{"login":"{fresh_login}","name":"新成员","role":"volunteer"}`, want: mxCoordOnly(201)},
	{method: "POST", path: "/api/v1/communities/{community}/grids", body: `{"name":"第二网格"}`, want: mxCoordOnly(201)},
	{method: "GET", path: "/api/v1/communities/{community}/grids", want: mxCoordOnly(200)},
	{method: "POST", path: "/api/v1/grids/{grid}/buildings", body: `{"name":"5 号楼"}`, want: mxCoordOnly(201)},
	{method: "GET", path: "/api/v1/grids/{grid}/buildings", want: mxCoordOnly(200)},
	{method: "POST", path: "/api/v1/buildings/{building}/households", body: `{"label":"2 单元 202 室"}`, want: mxCoordOnly(201)},
	{method: "GET", path: "/api/v1/buildings/{building}/households", want: mxCoordOnly(200)},
	{method: "GET", path: "/api/v1/households/{household}", want: [mxCallers]int{401, 404, 404, 200, 403, 404, 200, 200}},
	{method: "PATCH", path: "/api/v1/households/{household}", body: `{"contact_name":"张大爷"}`, want: mxCoordOnly(200)},
	// Imports: the body is the file itself (here a CSV); a malformed one lacks the columns (400).
	{method: "POST", path: "/api/v1/communities/{community}/imports/{import_households}?dry_run=true", body: "网格,楼栋,门牌,联系电话\n矩阵网格,1号楼,101,13800000000\n", want: mxCoordOnly(200)},
	{method: "POST", path: "/api/v1/communities/{community}/imports/{import_members}", body: "姓名,手机号,角色\n矩阵志愿者,13900000000,志愿者\n", want: mxCoordOnly(200)},
	{method: "GET", path: "/api/v1/communities/{community}/imports/{import_households}/template", want: mxCoordOnly(200)},
	{method: "POST", path: "/api/v1/communities/{community}/venues", body: `{"name":"书画室","capacity":20}`, want: mxCoordOnly(201)},
	{method: "GET", path: "/api/v1/communities/{community}/venues", want: mxAll200},
	{method: "GET", path: "/api/v1/audit?community_id={community}", want: mxCoordOnly(200)},
	{method: "GET", path: "/api/v1/audit", want: mxAdminOnly(200)},

	// Day calendars.
	{method: "GET", path: "/api/v1/calendars", want: mxAll200},
	{method: "POST", path: "/api/v1/calendars", body: `{"name":"和平区中小学","base_id":"cn"}`, want: mxAdminOnly(201)},
	{method: "GET", path: "/api/v1/calendars/{calendar}", want: mxAll200},
	{method: "PUT", path: "/api/v1/calendars/{calendar}/days", body: `{"days":[{"date":"2026-10-10","kind":"school_break"}]}`, want: mxAdminOnly(200)},
	{method: "POST", path: "/api/v1/calendars/{calendar}/import", body: `{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`, want: mxAdminOnly(200)},
	{method: "GET", path: "/api/v1/calendars/{calendar}/days?from=2026-09-01&to=2026-09-30", want: mxAll200},

	// Programs and sessions.
	{method: "POST", path: "/api/v1/communities/{community}/programs", body: `{"kind":"event","title":"居民议事会","capacity":30,"staff_ids":[],
		"schedule":{"start_date":"2026-10-17","end_date":"2026-10-17","start_time":"19:00","end_time":"20:00","day_filter":"all_days"}}`, want: mxCoordOnly(201)},
	{method: "GET", path: "/api/v1/programs?community_id={community}", want: mxAll200},
	{method: "GET", path: "/api/v1/programs/{program_after_school}", want: mxAll200},
	{method: "GET", path: "/api/v1/programs/{program_visit}", want: [mxCallers]int{404, 404, 404, 200, 404, 404, 200, 200}},
	{method: "PATCH", path: "/api/v1/programs/{program_after_school}", body: `{"description":"放学后的作业辅导"}`, want: mxPublicCoord(200)},
	{method: "PATCH", path: "/api/v1/programs/{program_visit}", body: `{"description":"走访"}`, want: [mxCallers]int{401, 404, 404, 403, 404, 404, 200, 200}},
	{method: "PATCH", path: "/api/v1/programs/{program_after_school}?dry_run=true", body: `{"capacity":25}`, want: mxPublicCoord(200)},
	{method: "DELETE", path: "/api/v1/programs/{fresh_program}", want: mxPublicCoord(204)},
	{method: "DELETE", path: "/api/v1/programs/{fresh_program}?reason=场地维修", want: mxPublicCoord(204)},
	{method: "GET", path: "/api/v1/programs/{program_after_school}/feedback", want: mxPublicCoord(200)},
	{method: "GET", path: "/api/v1/programs/{program_visit}/feedback", want: [mxCallers]int{401, 404, 404, 403, 404, 404, 200, 200}},
	{method: "GET", path: "/api/v1/sessions?community_id={community}&from=2026-08-31", want: mxAll200},
	{method: "GET", path: "/api/v1/sessions/{session_after_school}", want: mxAll200},
	{method: "GET", path: "/api/v1/sessions/{visit_session}", want: [mxCallers]int{404, 404, 404, 200, 404, 404, 200, 200}},
	{method: "PATCH", path: "/api/v1/sessions/{session_after_school}", body: `{"capacity":20}`, want: mxPublicCoord(200)},
	{method: "PATCH", path: "/api/v1/sessions/{visit_session}", body: `{"capacity":1}`, want: [mxCallers]int{401, 404, 404, 403, 404, 404, 200, 200}},
	{method: "GET", path: "/api/v1/sessions/{session_after_school}.ics", want: mxAll200},
	{method: "HEAD", path: "/api/v1/sessions/{session_after_school}.ics", want: mxAll200},
	{method: "GET", path: "/api/v1/sessions/{visit_session}.ics", want: [mxCallers]int{404, 404, 404, 200, 404, 404, 200, 200}},

	// Children, pickups, delegations.
	{method: "GET", path: "/api/v1/policies/child-data", want: mxAll200},
	{method: "GET", path: "/api/v1/policies/account", want: mxAll200},
	{method: "POST", path: "/api/v1/children", body: `{"name":"新孩子","birth_date":"2020-01-01","consent_policy_version":"2026-09-01"}`, want: [mxCallers]int{401, 201, 201, 201, 201, 201, 201, 201}},
	{method: "GET", path: "/api/v1/children", want: mxUser200},
	{method: "GET", path: "/api/v1/children/{child_of_A}", want: mxGuardianA(200)},
	{method: "PATCH", path: "/api/v1/children/{child_of_A}", body: `{"notes":"花生过敏"}`, want: mxGuardianA(200)},
	{method: "DELETE", path: "/api/v1/children/{fresh_child_of_A}", want: mxGuardianA(204)},
	{method: "GET", path: "/api/v1/children/{child_of_A}/export", want: mxGuardianA(200)},
	{method: "POST", path: "/api/v1/children/{child_of_A}/guardians", body: `{"login":"mx-grandpa@linli.test"}`, want: mxGuardianA(201)},
	{method: "DELETE", path: "/api/v1/children/{child_of_A}/guardians/{fresh_guardian_of_A}", want: mxGuardianA(204)},
	{method: "GET", path: "/api/v1/me/invitations", want: mxUser200},
	{method: "POST", path: "/api/v1/invitations/{fresh_invitation_to_B}/accept", want: [mxCallers]int{401, 404, 200, 404, 404, 404, 404, 404}},
	{method: "POST", path: "/api/v1/invitations/{fresh_invitation_to_B}/decline", want: [mxCallers]int{401, 404, 200, 404, 404, 404, 404, 404}},
	{method: "POST", path: "/api/v1/children/{child_of_A}/pickups", body: `{"name":"张姑姑","relation":"姑姑","phone":"13977778888"}`, want: mxGuardianA(201)},
	{method: "GET", path: "/api/v1/children/{child_of_A}/pickups", want: mxGuardianA(200)},
	{method: "DELETE", path: "/api/v1/children/{child_of_A}/pickups/{fresh_pickup_of_A}", want: mxGuardianA(204)},
	{method: "POST", path: "/api/v1/children/{child_of_A}/pickup-delegations", body: `{"name":"刘阿姨","phone":"13966667777","date":"2026-09-09"}`, want: mxGuardianA(201)},
	{method: "GET", path: "/api/v1/children/{child_of_A}/pickup-delegations", want: mxGuardianA(200)},
	{method: "DELETE", path: "/api/v1/children/{child_of_A}/pickup-delegations/{fresh_delegation_of_A}", want: mxGuardianA(204)},

	// Bookings.
	{method: "POST", path: "/api/v1/bookings", body: `{"child_id":"{child_of_A}","session_id":"{session_to_book}"}`, want: mxGuardianA(201), objectInBody: true},
	{method: "GET", path: "/api/v1/bookings", want: mxUser200},
	{method: "GET", path: "/api/v1/bookings?child_id={child_of_A}", want: mxGuardianA(200)},
	{method: "DELETE", path: "/api/v1/bookings/{fresh_booking_of_A}", want: [mxCallers]int{401, 204, 404, 404, 404, 404, 204, 204}},

	// Attendance, delivery, feedback, reports.
	{method: "GET", path: "/api/v1/sessions/{session_after_school}/roster", want: mxPublicCoord(200)},
	{method: "GET", path: "/api/v1/sessions/{visit_session}/roster", want: [mxCallers]int{401, 404, 404, 200, 404, 404, 200, 200}},
	// Printed pages (print.go): the sign-in sheet is a roster read, the certificate the volunteer record.
	{method: "GET", path: "/api/v1/sessions/{session_after_school}/sign-in-sheet", want: mxPublicCoord(200)},
	{method: "GET", path: "/api/v1/sessions/{visit_session}/sign-in-sheet", want: [mxCallers]int{401, 404, 404, 200, 404, 404, 200, 200}},
	{method: "PUT", path: "/api/v1/sessions/{session_after_school}/attendance", body: `{"records":[{"child_id":"{child_of_A}","status":"present"}]}`, want: mxPublicCoord(200)},
	{method: "POST", path: "/api/v1/sessions/{session_after_school}/deliver", want: mxPublicCoord(200)},
	// Parent B's child is booked too but did not attend: B may rate, B's child may not be rated.
	{method: "POST", path: "/api/v1/sessions/{session_after_school}/feedback", body: `{"rating":5,"comment":"孩子很喜欢"}`, want: [mxCallers]int{401, 201, 422, 403, 403, 403, 403, 403}},
	{method: "GET", path: "/api/v1/reports/class-hours?community_id={community}", want: mxCoordOnly(200)},
	{method: "GET", path: "/api/v1/access-log", want: mxAdminOnly(200)},

	// Notifications and webhooks.
	{method: "GET", path: "/api/v1/me/notifications", want: mxUser200},
	{method: "POST", path: "/api/v1/me/notifications/{notification_of_A}/read", want: mxGuardianA(200)},
	{method: "POST", path: "/api/v1/webhooks", body: `{"url":"http://127.0.0.1:9/sms","events":["booking_promoted"],"secret":"yet-another-gateway-secret"}`, want: mxAdminOnly(201)},
	{method: "GET", path: "/api/v1/webhooks", want: mxAdminOnly(200)},
	{method: "DELETE", path: "/api/v1/webhooks/{fresh_webhook}", want: mxAdminOnly(204)},
	{method: "GET", path: "/api/v1/webhooks/{webhook}/deliveries", want: mxAdminOnly(200)},

	// Group-chat robots (the fixture's server allows private webhooks, so a local URL passes).
	{method: "POST", path: "/api/v1/communities/{community}/chat-robots", body: `{"kind":"dingtalk","url":"http://127.0.0.1:9/robot/send?access_token=mx","secret":"SECmx","events":["session_cancelled"]}`, want: mxCoordOnly(201)},
	{method: "GET", path: "/api/v1/communities/{community}/chat-robots", want: mxCoordOnly(200)},
	{method: "DELETE", path: "/api/v1/chat-robots/{fresh_chat_robot}", want: mxCoordOnly(204)},

	// Calendar feeds.
	{method: "GET", path: "/api/v1/me/feeds", want: mxUser200},
	{method: "POST", path: "/api/v1/me/feeds/rotate", want: mxUser200},
	{method: "GET", path: "/ical/{feed_token_of_A}.ics", want: mxAll200},
	{method: "HEAD", path: "/ical/{feed_token_of_A}.ics", want: mxAll200},
	{method: "GET", path: "/ical/communities/{community}.ics", want: mxAll200},
	{method: "HEAD", path: "/ical/communities/{community}.ics", want: mxAll200},
	{method: "GET", path: "/ical/programs/{program_after_school}.ics", want: mxAll200},
	{method: "HEAD", path: "/ical/programs/{program_after_school}.ics", want: mxAll200},
	{method: "GET", path: "/ical/programs/{program_visit}.ics", want: mxAll404},

	// Volunteer shifts and service hours.
	{method: "POST", path: "/api/v1/sessions/{shift_session}/signup", want: [mxCallers]int{401, 404, 404, 201, 201, 404, 403, 403}},
	{method: "DELETE", path: "/api/v1/sessions/{shift_session}/signup?user_id={fresh_signup}", want: [mxCallers]int{401, 404, 404, 403, 403, 404, 204, 204}},
	{method: "GET", path: "/api/v1/sessions/{shift_session}/signups", want: mxCoordOnly(200)},
	{method: "GET", path: "/api/v1/me/signups", want: mxUser200},
	{method: "GET", path: "/api/v1/me/service", want: mxUser200},
	{method: "PUT", path: "/api/v1/sessions/{shift_past}/service", body: `{"records":[{"user_id":"{volunteer}","check_in":"2026-09-05T09:00:00+08:00","check_out":"2026-09-05T11:00:00+08:00"}]}`, want: mxCoordOnly(200)},
	{method: "GET", path: "/api/v1/sessions/{shift_past}/service", want: [mxCallers]int{401, 404, 404, 200, 200, 404, 200, 200}},
	{method: "GET", path: "/api/v1/service?community_id={community}", want: [mxCallers]int{401, 404, 404, 200, 200, 404, 200, 200}},
	{method: "POST", path: "/api/v1/service/{service_record}/reject", body: `{"note":"签退时间不对"}`, want: [mxCallers]int{401, 404, 404, 403, 404, 404, 200, 200}},
	{method: "POST", path: "/api/v1/service/{service_record}/approve", want: [mxCallers]int{401, 404, 404, 403, 404, 404, 200, 200}},
	{method: "POST", path: "/api/v1/service/{service_record}/corrections", body: `{"check_in":"2026-09-05T09:00:00+08:00","check_out":"2026-09-05T11:30:00+08:00","reason":"收尾多干了半小时"}`,
		want: [mxCallers]int{401, 404, 404, 201, 404, 404, 403, 403}},
	{method: "GET", path: "/api/v1/communities/{community}/corrections?status=pending", want: mxCoordOnly(200)},
	{method: "POST", path: "/api/v1/corrections/{fresh_correction}/decide", body: `{"accept":false,"note":"以签到表为准"}`, want: [mxCallers]int{401, 404, 404, 403, 404, 404, 200, 200}},
	{method: "GET", path: "/api/v1/reports/volunteer-hours?community_id={community}", want: [mxCallers]int{401, 404, 404, 200, 200, 404, 200, 200}},
	{method: "GET", path: "/api/v1/reports/volunteer-record?user_id={volunteer}", want: [mxCallers]int{401, 404, 404, 200, 404, 404, 200, 200}},
	{method: "GET", path: "/api/v1/reports/volunteer-record/certificate?user_id={volunteer}", want: [mxCallers]int{401, 404, 404, 200, 404, 404, 200, 200}},

	// Visit plans, visit logs, troubles, overdue visits.
	{method: "POST", path: "/api/v1/households/{household}/visit-plans", body: `{"volunteer_ids":["{fresh_member}"],"cadence":"monthly","start_date":"2026-10-01","end_date":"2026-12-31","start_time":"09:00","end_time":"10:00"}`,
		want: mxCoordOnly(201)},
	{method: "GET", path: "/api/v1/households/{household}/visit-plans", want: mxCoordOnly(200)},
	{method: "GET", path: "/api/v1/visit-plans/{visit_plan}", want: [mxCallers]int{401, 404, 404, 200, 404, 404, 200, 200}},
	{method: "GET", path: "/api/v1/me/visit-plans", want: mxUser200},
	{method: "PATCH", path: "/api/v1/visit-plans/{visit_plan}", body: `{"end_time":"11:00"}`, want: [mxCallers]int{401, 404, 404, 403, 404, 404, 200, 200}},
	{method: "DELETE", path: "/api/v1/visit-plans/{fresh_visit_plan}", want: [mxCallers]int{401, 404, 404, 403, 404, 404, 204, 204}},
	{method: "POST", path: "/api/v1/sessions/{visit_session}/visit-log", body: `{"outcome":"done","minutes":30,"concerns":[{"category":"health","text":"血压偏高"}]}`,
		want: [mxCallers]int{401, 404, 404, 201, 404, 404, 403, 403}},
	{method: "GET", path: "/api/v1/communities/{community}/concerns", want: [mxCallers]int{401, 404, 404, 200, 200, 404, 200, 200}},
	{method: "PATCH", path: "/api/v1/concerns/{concern}", body: `{"note":"已联系物业"}`, want: [mxCallers]int{401, 404, 404, 200, 404, 404, 200, 200}},
	{method: "GET", path: "/api/v1/communities/{community}/visits/overdue", want: mxCoordOnly(200)},
}

// mxRoutePattern is a route with its parameter names erased, so that a row's path template and
// the router's pattern compare: /children/{child_of_A}/pickups and /children/{id}/pickups.
func mxRoutePattern(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	return method + " " + regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(path, "{}")
}

// mxServedRoutes walks the router: every method and pattern it serves. A pattern served for
// every method (http.Handle) is one route, "*".
func mxServedRoutes(t *testing.T, routes chi.Routes) []string {
	t.Helper()
	methods := map[string][]string{}
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		methods[route] = append(methods[route], method)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for route, ms := range methods {
		if len(ms) >= 9 {
			ms = []string{"*"}
		}
		for _, m := range ms {
			out = append(out, mxRoutePattern(m, route))
		}
	}
	slices.Sort(out)
	return out
}

// TestAuthorizationMatrix calls every route of the server as each of eight callers and checks
// the status API.md's rules give (401, then 404 for what the caller may not see, 403 for what
// they see but may not do), the error shape, and that no answer shows a family's or a
// household's data to a caller who may not see it.
func TestAuthorizationMatrix(t *testing.T) {
	f := newMatrixFixture(t)

	served := mxServedRoutes(t, f.Server.Routes())
	rowed := map[string]bool{}
	for _, row := range mxRows {
		rowed[mxRoutePattern(row.method, row.path)] = true
	}
	for _, route := range served {
		if !rowed[route] {
			t.Errorf("route %s has no row in the authorisation matrix: add one to mxRows", route)
		}
		delete(rowed, route)
	}
	for route := range rowed {
		t.Errorf("a row of the matrix names %s, which the router does not serve", route)
	}

	f.shown = map[string]bool{}
	cells := 0
	for _, row := range mxRows {
		for who := range mxCallers {
			cells++
			f.mxCheck(row, who, row.body, row.want[who])
		}
	}
	for _, row := range mxRows {
		if row.body == "" {
			continue
		}
		for who := range mxCallers {
			want := row.want[who]
			if want < 400 || want > 404 || (row.objectInBody && want == 404) {
				want = http.StatusBadRequest
			}
			cells++
			f.mxCheck(row, who, mxMalformed, want)
		}
	}
	for _, s := range slices.Concat(mxFamilyA, mxFamilyB, mxHousehold) {
		if !f.shown[s] {
			t.Errorf("no answer of the matrix showed %q to anyone, so the check that it is hidden proves nothing", s)
		}
	}
	t.Logf("%d rows × %d callers, %d cells with the malformed bodies, over %d routes", len(mxRows), mxCallers, cells, len(served))
}

// mxCheck makes one cell's request with body and checks its answer: the status want, the error
// shape, nothing written by a refusal, nothing shown that the caller may not see.
func (f *mxFixture) mxCheck(row mxRow, who int, body string, want int) {
	t := f.t
	t.Helper()
	c := f.Callers[who]
	cookie := c.Cookie
	if row.ownSession && cookie != "" {
		cookie = f.login(c.Login, c.Password)
	}
	method := row.method
	if method == "*" {
		method = "GET"
	}
	path := f.resolve(row.path)
	var sent any
	if body != "" {
		sent = f.resolve(strings.ReplaceAll(body, "{caller_password}", c.Password))
	}
	audited := f.count("audit_log")
	r := f.call(method, path, cookie, sent)
	label := row.method + " " + row.path + " as " + mxCallerNames[who]
	if body == mxMalformed {
		label += " with a malformed body"
	}
	if r.Status != want {
		t.Errorf("%s: %d, want %d: %.300s", label, r.Status, want, r.Body)
	}
	if n := f.count("audit_log"); r.Status >= 400 && n != audited {
		t.Errorf("%s: %d, yet %d audit entries were written", label, r.Status, n-audited)
	}
	if r.Status >= 400 && method != "HEAD" {
		code := map[int]string{401: "unauthenticated", 403: "forbidden", 404: "not_found"}[r.Status]
		if ae := ptError(r); ae.Error.Code == "" || (code != "" && ae.Error.Code != code) {
			t.Errorf("%s: %d with the error %s", label, r.Status, r.Body)
		}
	}
	for _, s := range slices.Concat(mxFamilyA, mxFamilyB, mxHousehold) {
		f.shown[s] = f.shown[s] || strings.Contains(string(r.Body), s)
	}
	for _, s := range mxHidden(who, r.Status, row.path) {
		if strings.Contains(string(r.Body), s) {
			t.Errorf("%s: %d shows %q: %.300s", label, r.Status, s, r.Body)
		}
	}
}

// mxHidden returns the strings an answer to who may not contain: a refusal shows nothing; a
// parent sees only their own family, a volunteer only their household, and callers with no
// part in either see neither. A personal feed shows what its owner sees to whoever holds the link.
func mxHidden(who, status int, path string) []string {
	all := slices.Concat(mxFamilyA, mxFamilyB, mxHousehold)
	switch {
	case status >= 400:
		return all
	case strings.Contains(path, "{feed_token_of_A}"):
		return slices.Concat(mxFamilyB, mxHousehold)
	}
	switch who {
	case mxParentA:
		return slices.Concat(mxFamilyB, mxHousehold)
	case mxParentB:
		return slices.Concat(mxFamilyA, mxHousehold)
	case mxVolunteer:
		return slices.Concat(mxFamilyA, mxFamilyB)
	case mxCoordinator, mxAdmin:
		return nil
	}
	return all
}

// TestResetReachesNoFurtherThanTheCommunity: a coordinator adds any registered user to their
// community, and a reset code hands over the account, so a coordinator of another community
// could otherwise take over the administrator, a volunteer of this community or a parent (and
// with them households and children) by adding them first. Only accounts whose every role is in
// the coordinator's communities, and that are no administrator's and no guardian's, are theirs to reset.
func TestResetReachesNoFurtherThanTheCommunity(t *testing.T) {
	f := newMatrixFixture(t)
	far, other := f.Callers[mxOtherCoord].Cookie, f.IDs["community2"]
	newcomer := f.register("新来的志愿者", "mx-newcomer@linli.test")
	admin := f.register("另一位管理员", "mx-admin2@linli.test")
	f.exec(`UPDATE users SET is_admin = 1 WHERE id = ?`, admin)
	var parentA struct{ User struct{ ID string } }
	f.must(http.StatusOK, f.call("GET", "/api/v1/me", f.Callers[mxParentA].Cookie, nil), &parentA)
	for name, user := range map[string]string{"an administrator": admin, "a volunteer of another community": f.Volunteer,
		"a parent": parentA.User.ID, "someone with no role there": newcomer} {
		f.must(http.StatusCreated, f.call("POST", "/api/v1/communities/"+other+"/members", far, map[string]any{"user_id": user, "role": "volunteer"}), nil)
		r := f.call("POST", "/api/v1/users/"+user+"/password-reset", far, nil)
		switch {
		case user == newcomer && r.Status != http.StatusCreated:
			t.Errorf("the coordinator may not reset the password of their own volunteer: %d %s", r.Status, r.Body)
		case user != newcomer && r.Status != http.StatusNotFound:
			t.Errorf("the coordinator of another community reset the password of %s: %d %s", name, r.Status, r.Body)
		}
	}
	f.must(http.StatusCreated, f.call("POST", "/api/v1/users/"+f.IDs["user_teacher"]+"/password-reset", f.Coord, nil), nil)
	f.must(http.StatusCreated, f.call("POST", "/api/v1/users/"+f.Volunteer+"/password-reset", f.Admin, nil), nil)
}
