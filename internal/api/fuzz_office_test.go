package api_test

import "testing"

// FuzzOfficeBodies: application rounds (a new round, an application, a priority), group-chat
// robots, regions and their viewers, placing a community, and the spreadsheet imports (whose
// body is the file itself).
func FuzzOfficeBodies(f *testing.F) {
	fuzzBodies(f, []fzRoute{
		{mxCoordinator, "POST", "/api/v1/communities/{community}/rounds"},
		{mxParentA, "PUT", "/api/v1/rounds/{round_open}/applications/{child_of_A}"},
		{mxCoordinator, "PUT", "/api/v1/rounds/{round_open}/applications/{application_of_A}/priority"},
		{mxCoordinator, "POST", "/api/v1/communities/{community}/chat-robots"},
		{mxAdmin, "POST", "/api/v1/regions"},
		{mxAdmin, "PATCH", "/api/v1/communities/{community}"},
		{mxAdmin, "POST", "/api/v1/regions/{district}/viewers"},
		{mxCoordinator, "POST", "/api/v1/communities/{community}/imports/households"},
		{mxCoordinator, "POST", "/api/v1/communities/{community}/imports/members?dry_run=true"},
	}, []string{"rounds", "round_programs", "round_applications", "round_application_children", "round_wishes", "chat_robots",
		"regions", "region_viewers", "communities", "grids", "buildings", "households", "memberships", "pending_memberships"},
		`{"title":"寒假书法","program_ids":["{round_program}"],"opens_at":"2026-09-10T08:00:00+08:00","closes_at":"2026-09-20T20:00:00+08:00"}`,
		`{"title":"x","program_ids":["{program_after_school}","{program_after_school}"],"opens_at":"2026-09-20T08:00:00+08:00","closes_at":"2026-09-10T20:00:00+08:00","max_wishes":11}`,
		`{"title":"x","program_ids":[],"opens_at":"2026-02-30T08:00:00Z","closes_at":"9999-12-31T23:59:59Z","max_places_per_child":0,"priority_groups":[{"key":"","label":""}]}`,
		`{"program_ids":["{round_program}"]}`, `{"child_ids":["{child_of_B}"],"program_ids":["{round_program}"]}`,
		`{"child_ids":["{child_of_A}","{child_of_A}"],"program_ids":["{round_program}","{round_program}"]}`, `{"program_ids":[]}`,
		`{"group_key":"kunjing"}`, `{"group_key":"nope"}`, `{"group_key":null}`, `{"group_key":7}`,
		`{"kind":"wecom","url":"http://127.0.0.1:9/cgi-bin/webhook/send?key=k","events":["round_drawn"]}`,
		`{"kind":"dingtalk","url":"https://oapi.dingtalk.com/robot/send?access_token=","secret":"SEC","events":["round_drawn","round_drawn"]}`,
		`{"kind":"feishu","url":"ftp://x","events":[]}`,
		`{"name":"和平区","level":"district"}`, `{"name":"","level":"galaxy","parent_id":"{district}"}`, `{"name":"太原街街道","level":"street","parent_id":"{community}"}`,
		`{"region_id":"{district}"}`, `{"region_id":""}`, `{"region_id":"{community}"}`,
		`{"user_id":"{user_teacher}"}`, `{"login":"13800000009"}`, `{"login":"+86 138 0000 0009"}`, `{"user_id":""}`,
		"网格,楼栋,门牌,联系人,联系电话,需求,走访周期(天)\n一网格,1号楼,101,张三,13800000001,独居老人,14\n",
		"\xef\xbb\xbf网格,楼栋,门牌\n,,\n一网格,1号楼,101\n一网格,1号楼,101\n",
		"姓名,手机号,角色,教师类型\n李四,12345,coordinator,school_teacher\n王五,13900000000,volunteer,\n",
		"PK\x03\x04garbage", `{"child_id":`, `[]`, `null`, "\x00\xff", `{"title":"\ud800"}`,
	)
}
