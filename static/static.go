// Package static embeds the web app: plain HTML, CSS and JavaScript modules, no build step.
// index.html loads app.js, which shows one module of pages/ per hash route; the strings of each
// language are in i18n/.
package static

import "embed"

// Files holds the pages served at the root of the server.
//
//go:embed *.html *.css *.js *.svg i18n pages
var Files embed.FS
