package e2e

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored (testdata/axe-core/README.md says from
// where): tests never download anything.
//
//go:embed testdata/axe-core/axe.min.js
var axeSource string

// viewport is a window size a page is checked at.
type viewport struct {
	name          string
	width, height int64
}

// The desktop the portal is designed on and a 390 px phone. The phone is
// emulated as a narrow window, not as a mobile device: a mobile viewport
// zooms out to fit a page that is too wide, which would hide exactly the
// sideways scrolling this check looks for.
var (
	desktop   = viewport{"desktop", 1280, 900}
	phone     = viewport{"phone", 390, 844}
	viewports = []viewport{desktop, phone}
)

// axeViolation is one failed axe rule with the elements it failed on.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRun runs the WCAG 2.1 A and AA rules and keeps the serious and
// critical violations.
const axeRun = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
	resultTypes: ["violations"],
}).then(r => r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
	id: v.id, impact: v.impact, help: v.help,
	nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
})))`

// pageWidth measures whether the page scrolls sideways, and if so which
// element sticks out furthest: the outermost one reaching that far that no
// box of its own (one that fits the window) scrolls or clips, and inside
// it the innermost one reaching as far, which is usually the cause.
const pageWidth = `(() => {
	const vw = window.innerWidth, sw = document.documentElement.scrollWidth;
	const res = {scrollWidth: sw, innerWidth: vw, widest: ""};
	if (sw <= vw) return res;
	const path = el => {
		const parts = [];
		for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
			let s = e.tagName.toLowerCase();
			if (e.id) s += "#" + e.id;
			else if (e.classList.length) s += "." + [...e.classList].join(".");
			parts.unshift(s);
		}
		return parts.join(" > ");
	};
	// A box that scrolls or clips holds what it contains, except an
	// absolutely positioned element whose containing block is outside it.
	const contained = el => {
		const start = getComputedStyle(el).position === "absolute" ? el.offsetParent : el.parentElement;
		for (let p = start; p && p !== document.body; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== "visible" && p.getBoundingClientRect().right <= vw + 0.5) return true;
		}
		return false;
	};
	const describe = el => {
		const r = el.getBoundingClientRect();
		const text = (el.innerText || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 50);
		return path(el) + " (" + Math.round(r.left) + "–" + Math.round(r.right) + " px) " + JSON.stringify(text);
	};
	let worst = null, right = vw + 0.5;
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.right > right && !contained(el)) { worst = el; right = r.right; }
	}
	if (!worst) return res;
	let cause = worst;
	for (const el of worst.querySelectorAll("*")) {
		if (el.getBoundingClientRect().right >= right - 1 && !contained(el)) cause = el;
	}
	res.widest = describe(worst) + (cause === worst ? "" : ", because of " + describe(cause));
	return res;
})()`

// maxNodesShown is how many failing elements of one rule are listed.
const maxNodesShown = 5

type widthReport struct {
	ScrollWidth int    `json:"scrollWidth"`
	InnerWidth  int    `json:"innerWidth"`
	Widest      string `json:"widest"`
}

// navLayout is how many rows the header navigation takes and how wide its
// links are next to the room it has (more: some scroll out of sight).
const navLayout = `(() => {
	const nav = document.querySelector("header nav");
	return {
		rows: new Set([...nav.querySelectorAll("a")].map(a => Math.round(a.getBoundingClientRect().top))).size,
		width: nav.scrollWidth, room: nav.clientWidth,
	};
})()`

type navReport struct {
	Rows  int `json:"rows"`
	Width int `json:"width"` // of all links
	Room  int `json:"room"`  // width shown
}

// checkPage opens url as name and checks it at every viewport: it is
// served (200) in lang, axe finds no serious or critical WCAG 2.1 AA
// violation, and the page is no wider than the window; on the desktop
// the navigation shows every link in at most navRows rows. Problems are
// reported with t.Errorf so one run lists all of them; with
// PORTAL_SCREENSHOT_DIR set, each view is saved as a full-page PNG. It
// returns a short name of each kind of problem found, for a summary.
func (tb *tab) checkPage(name, url, lang string, navRows int) (found []string) {
	tb.t.Helper()
	tb.setViewport(desktop)
	if resp := tb.open(url); resp.Status != http.StatusOK {
		tb.t.Errorf("%s (%s): %s answered %d, want 200", name, lang, url, resp.Status)
		return []string{"not 200"}
	}
	if got := tb.attr("html", "lang"); got != lang {
		tb.t.Errorf("%s: page in %q, want %q", name, got, lang)
		found = append(found, "wrong language")
	}
	for i, vp := range viewports {
		if i > 0 {
			tb.setViewport(vp)
		}
		if w := runTab(tb, "read the page width", chromedp.Evaluate[int64](`document.documentElement.clientWidth`)); w != vp.width {
			tb.t.Fatalf("%s: the page has %d px in a window of %d", name, w, vp.width)
		}
		where := fmt.Sprintf("%s (%s, %d px, %s)", name, lang, vp.width, url)
		for _, v := range tb.axe() {
			var b strings.Builder
			fmt.Fprintf(&b, "%s: axe %s [%s] %s, on %d element(s):", where, v.ID, v.Impact, v.Help, len(v.Nodes))
			for i, n := range v.Nodes {
				if i == maxNodesShown {
					fmt.Fprintf(&b, "\n\t… and %d more", len(v.Nodes)-i)
					break
				}
				fmt.Fprintf(&b, "\n\t%s\n\t\t%s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
			}
			tb.t.Error(b.String())
			found = append(found, fmt.Sprintf("axe %s at %d px", v.ID, vp.width))
		}
		if w := runTab(tb, "measure the page width", chromedp.Evaluate[widthReport](pageWidth)); w.ScrollWidth > w.InnerWidth {
			tb.t.Errorf("%s: the page is %d px wide in a %d px window; widest: %s", where, w.ScrollWidth, w.InnerWidth, w.Widest)
			found = append(found, fmt.Sprintf("wider than the window at %d px", vp.width))
		}
		if vp == desktop {
			nav := runTab(tb, "measure the navigation", chromedp.Evaluate[navReport](navLayout))
			if nav.Rows > navRows {
				tb.t.Errorf("%s: the navigation wraps into %d rows", where, nav.Rows)
				found = append(found, "navigation in rows at 1280 px")
			}
			if nav.Width > nav.Room {
				tb.t.Errorf("%s: the navigation needs %d px and has %d: it hides links behind a scroll", where, nav.Width, nav.Room)
				found = append(found, "navigation scrolls at 1280 px")
			}
		}
		if dir := os.Getenv("PORTAL_SCREENSHOT_DIR"); dir != "" {
			tb.pageScreenshot(dir, fmt.Sprintf("page-%s-%s-%d.png", name, lang, vp.width), vp)
		}
	}
	return found
}

// setViewport resizes the tab's window; a page shown reflows at once.
// Scrollbars are hidden, as a phone overlays them, so that the page has
// the whole width and a screenshot is as wide as the window (Chromium
// applies that from the next page loaded on).
func (tb *tab) setViewport(vp viewport) {
	tb.t.Helper()
	tb.do(fmt.Sprintf("resize to %d×%d", vp.width, vp.height),
		chromedp.EmulateViewport(vp.width, vp.height),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetScrollbarsHidden, emulation.SetScrollbarsHiddenParams{Hidden: true})
			return err
		}))
}

// axe injects axe-core into the page shown (once per document) and runs it.
func (tb *tab) axe() []axeViolation {
	tb.t.Helper()
	if !runTab(tb, "look for axe", chromedp.Evaluate[bool](`typeof window.axe === "object"`)) {
		tb.do("inject axe-core", chromedp.Evaluate[chromedp.Void](axeSource))
	}
	return runTab(tb, "run axe", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
}

// pageScreenshot saves the whole page as name in dir and checks it is a
// picture of the page at vp's width, not an empty one.
func (tb *tab) pageScreenshot(dir, name string, vp viewport) {
	tb.t.Helper()
	buf := runTab(tb, "screenshot "+name, chromedp.FullScreenshot(100)) // 100 = PNG
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if w := img.Bounds().Dx(); w != int(vp.width) {
		tb.t.Errorf("screenshot %s is %d px wide, want %d", name, w, vp.width)
	}
	if n := distinctColors(img, 64); n < 32 {
		tb.t.Errorf("screenshot %s looks blank: %d distinct colours", name, n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}
