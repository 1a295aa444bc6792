// Package e2e holds the portal's browser tests: chromedp drives a headless
// Chromium through user journeys of the real web UI, served in-process on a
// fresh SQLite database, and asserts what a person would see.
//
// Run them with
//
//	go test -race -count=1 ./e2e/
//
// pages_test.go lists every main page of every role (mainPages) and checks
// each on the demo data, in zh-CN and English, at 1280 and 390 px: axe-core
// (vendored in testdata/axe-core, injected into the page) finds no serious
// or critical WCAG 2.1 A/AA violation, the page is no wider than the
// window, and the desktop navigation does not wrap.
//
// They skip when Chromium is missing (/usr/bin/chromium or chromium on PATH),
// unless CI is set, in which case they fail. Screenshots are written to
// PORTAL_SCREENSHOT_DIR when it is set, and to a test temp dir otherwise.
package e2e
