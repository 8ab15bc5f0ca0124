// Package static embeds the web pages: plain HTML, CSS and JavaScript modules, no build step.
package static

import "embed"

// Files holds the pages served at the root of the server.
//
//go:embed *.html *.css
var Files embed.FS
