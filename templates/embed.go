// Package templates embeds the HTML templates and static assets of the web
// UI, so the binary serves them without a working directory.
package templates

import "embed"

// FS holds pages (*.html), shared partials (partials/*.html) and static/.
//
//go:embed *.html partials/*.html static
var FS embed.FS
