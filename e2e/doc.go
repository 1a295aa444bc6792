// Package e2e holds the portal's browser tests: chromedp drives a headless
// Chromium through user journeys of the real web UI, served in-process on a
// fresh SQLite database, and asserts what a person would see.
//
// Run them with
//
//	go test -race -count=1 ./e2e/
//
// They skip when Chromium is missing (/usr/bin/chromium or chromium on PATH),
// unless CI is set, in which case they fail. Screenshots are written to
// PORTAL_SCREENSHOT_DIR when it is set, and to a test temp dir otherwise.
package e2e
