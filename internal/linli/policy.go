package linli

import (
	"embed"
	"strings"
)

// ChildPolicyVersion is the version of the child-data policy in force. A guardian registering a
// child must agree to exactly this version; change it whenever the policy text changes.
const ChildPolicyVersion = "2026-09-01"

// AccountPolicyVersion is the version of the account policy (what is kept about adults, and the
// name that service records keep after an account is deleted).
const AccountPolicyVersion = "2026-12-03"

//go:embed policy/child-data.*.md policy/account.*.md
var policyFiles embed.FS

// Policy is a policy text in one language, with the version a consent refers to.
type Policy struct {
	Version string `json:"version"`
	Locale  string `json:"locale"`
	Text    string `json:"text"` // Markdown
}

// ChildDataPolicy returns the child-data policy in locale (zh-CN or en; anything else gets zh-CN).
func ChildDataPolicy(locale string) Policy {
	if locale != LocaleEN {
		locale = LocaleZH
	}
	text, err := policyFiles.ReadFile("policy/child-data." + locale + ".md")
	if err != nil {
		panic("linli: the child-data policy is not embedded: " + err.Error())
	}
	return Policy{Version: ChildPolicyVersion, Locale: locale, Text: strings.TrimSpace(string(text))}
}

// AccountPolicy returns the account policy in locale (zh-CN or en; anything else gets zh-CN).
func AccountPolicy(locale string) Policy {
	if locale != LocaleEN {
		locale = LocaleZH
	}
	text, err := policyFiles.ReadFile("policy/account." + locale + ".md")
	if err != nil {
		panic("linli: the account policy is not embedded: " + err.Error())
	}
	return Policy{Version: AccountPolicyVersion, Locale: locale, Text: strings.TrimSpace(string(text))}
}
