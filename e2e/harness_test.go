package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const (
	// testTimeout bounds a whole test: its tab closes when it ends.
	testTimeout = 60 * time.Second
	// stepTimeout bounds one browser step, so a missing element fails in
	// seconds with its selector named, not at the end of the test.
	stepTimeout = 20 * time.Second
	// startTimeout bounds the start of the shared browser.
	startTimeout = 60 * time.Second

	// Languages for newTab, most preferred first, without q-values:
	// Chromium adds them (given "en;q=0.9" it sends "en;q=0.9;q=0.9").
	langChinese = "zh-CN,zh"
	langEnglish = "en-US,en"
)

// shared is the one browser of the package; each test gets its own tab.
var shared struct {
	once sync.Once
	ctx  context.Context
	stop func()
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	os.Exit(code)
}

func chromiumPath() string {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// sharedBrowser starts the browser on first use. Without Chromium the test
// is skipped, or fails when CI is set.
func sharedBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not found (/usr/bin/chromium or chromium on PATH); CI requires the browser tests")
		}
		t.Skip("chromium not found (/usr/bin/chromium or chromium on PATH)")
	}
	shared.once.Do(func() { shared.ctx, shared.stop, shared.err = startBrowser(path) })
	if shared.err != nil {
		t.Fatalf("start chromium: %v", shared.err)
	}
	return shared.ctx
}

func startBrowser(path string) (context.Context, func(), error) {
	// Chromium leaves directories in TMPDIR; give it one we remove.
	// chromedp makes and removes the profile directory itself.
	tmp, err := os.MkdirTemp("", "posportal-e2e-")
	if err != nil {
		return nil, nil, err
	}
	fontconfig, err := writeFontconfig(tmp)
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Headless Chromium on Linux ignores --lang for Accept-Language
		// (checked with Chromium 156); newTab sets the language per tab.
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Env("TMPDIR="+tmp, "FONTCONFIG_FILE="+fontconfig),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop := func() {
		// A graceful close, bounded; then free everything.
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_ = chromedp.Cancel(cctx)
		cancel()
		cancelBrowser()
		cancelAlloc() // waits for the browser process to exit
		os.RemoveAll(tmp)
	}
	// The first Do starts the browser and ties it to ctx, so it must not
	// get a deadline of its own; bound it from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(startTimeout):
		err = fmt.Errorf("browser did not start within %v", startTimeout)
	}
	if err != nil {
		stop()
		return nil, nil, err
	}
	return ctx, stop, nil
}

// tab is one browser tab in a browser context of its own, so tests share
// no cookies (every portal runs on 127.0.0.1, and cookies ignore the port).
type tab struct {
	t   *testing.T
	ctx context.Context
}

// newTab opens a tab whose requests carry acceptLanguage, closed when the
// test ends or after testTimeout.
func newTab(t *testing.T, acceptLanguage string) *tab {
	t.Helper()
	return newTabFor(t, acceptLanguage, testTimeout)
}

// newTabFor is newTab for a test that needs longer than testTimeout, such
// as one that walks every page of a role.
func newTabFor(t *testing.T, acceptLanguage string, timeout time.Duration) *tab {
	t.Helper()
	browser := sharedBrowser(t)
	ctx, cancelTimeout := context.WithTimeout(browser, timeout)
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	tb := &tab{t: t, ctx: ctx}
	t.Cleanup(func() {
		if t.Failed() {
			tb.screenshotOnFailure()
		}
		_ = chromedp.Cancel(ctx) // closes the tab and waits for it
		cancelTab()
		cancelTimeout()
	})
	// The first Do opens the tab and ties its event loop to the context it
	// gets, so it gets the tab's context, not a shorter step context.
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
			if err != nil {
				return err
			}
			// Sets the Accept-Language header and navigator.language.
			_, err = chromedp.Call(ctx, emulation.SetUserAgentOverride,
				emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: acceptLanguage})
			return err
		}),
		chromedp.EmulateViewport(1280, 900),
	)
	if err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return tb
}

// step returns a context for one browser step.
func (tb *tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(tb.ctx, stepTimeout)
}

// do runs steps that return nothing and fails the test on error.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := tb.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// runTab runs one action that returns a value and fails the test on error.
// (Go methods cannot have type parameters, so this is a function.)
func runTab[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := tb.step()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// waitResponse runs steps that start a navigation (a click, a submit),
// waits until the new page has loaded and returns its HTTP response.
func (tb *tab) waitResponse(what string, steps ...chromedp.Action[chromedp.Void]) *network.Response {
	tb.t.Helper()
	ctx, cancel := tb.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
	return resp
}

// open loads rawURL and returns the response of the document.
func (tb *tab) open(rawURL string) *network.Response {
	tb.t.Helper()
	return runTab(tb, "open "+rawURL, chromedp.NavigateResponse(rawURL))
}

// click clicks the element at sel and waits for the page it leads to.
func (tb *tab) click(sel chromedp.CSS) *network.Response {
	tb.t.Helper()
	return tb.waitResponse("click "+string(sel), chromedp.Click(sel, chromedp.NodeVisible))
}

// followLink clicks the link whose visible text is label, as a person
// would, and waits for the page it leads to.
func (tb *tab) followLink(label string) *network.Response {
	tb.t.Helper()
	xpath := chromedp.Search(fmt.Sprintf(`//a[normalize-space(.)=%q]`, label))
	return tb.waitResponse("follow link "+label, chromedp.Click(xpath, chromedp.NodeVisible))
}

// fill types value into the form field with id field.
func (tb *tab) fill(field, value string) {
	tb.t.Helper()
	tb.do("fill "+field, chromedp.SendKeys(chromedp.ID(field), value, chromedp.NodeVisible))
}

// text is the visible text (innerText) of the first element at sel; it
// waits until that element is visible.
func (tb *tab) text(sel chromedp.CSS) string {
	tb.t.Helper()
	return strings.TrimSpace(runTab(tb, "read "+string(sel), chromedp.Text(sel, chromedp.NodeVisible)))
}

// textXPath is like text for the first element the XPath query finds.
func (tb *tab) textXPath(xpath string) string {
	tb.t.Helper()
	return strings.TrimSpace(runTab(tb, "read "+xpath, chromedp.Text(chromedp.Search(xpath), chromedp.NodeVisible)))
}

// value is the current value of the form field at sel.
func (tb *tab) value(sel chromedp.CSS) string {
	tb.t.Helper()
	return runTab(tb, "read value of "+string(sel), chromedp.Value(sel))
}

// attr is attribute name of the first element at sel ("" when absent).
func (tb *tab) attr(sel chromedp.CSS, name string) string {
	tb.t.Helper()
	return runTab(tb, "read "+name+" of "+string(sel), chromedp.AttributeValue(sel, name)).Value
}

// count is how many elements match the CSS selector css now.
func (tb *tab) count(css string) int {
	tb.t.Helper()
	return runTab(tb, "count "+css, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, css)))
}

// location is the path and query of the page shown.
func (tb *tab) location() string {
	tb.t.Helper()
	u, err := url.Parse(runTab(tb, "read location", chromedp.Location()))
	if err != nil {
		tb.t.Fatal(err)
	}
	return u.RequestURI()
}

// wantText checks the visible text of sel is exactly want.
func (tb *tab) wantText(sel chromedp.CSS, want string) {
	tb.t.Helper()
	if got := tb.text(sel); got != want {
		tb.t.Errorf("%s shows %q, want %q", sel, got, want)
	}
}

// wantTextContains checks the visible text of sel contains each of wants.
func (tb *tab) wantTextContains(sel chromedp.CSS, wants ...string) {
	tb.t.Helper()
	got := tb.text(sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			tb.t.Errorf("%s does not show %q; it shows:\n%s", sel, w, got)
		}
	}
}

// wantLocation checks the page shown is path (path and query).
func (tb *tab) wantLocation(path string) {
	tb.t.Helper()
	if got := tb.location(); got != path {
		tb.t.Fatalf("on %s, want %s", got, path)
	}
}

func wantStatus(t *testing.T, resp *network.Response, status int64) {
	t.Helper()
	if resp.Status != status {
		t.Fatalf("%s answered %d %s, want %d", resp.URL, resp.Status, resp.StatusText, status)
	}
}

// testID selects by data-testid.
func testID(id string) chromedp.CSS { return chromedp.CSS(fmt.Sprintf(`[data-testid=%q]`, id)) }

// screenshotDir is PORTAL_SCREENSHOT_DIR, or a temp dir of the test.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PORTAL_SCREENSHOT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves a full-page PNG as name in the screenshot dir, checks
// the file is a real picture and returns its path.
func (tb *tab) screenshot(name string) string {
	tb.t.Helper()
	buf := runTab(tb, "screenshot "+name, chromedp.FullScreenshot(100)) // 100 = PNG
	path := filepath.Join(screenshotDir(tb.t), name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	if err := checkPNG(path); err != nil {
		tb.t.Fatalf("screenshot %s: %v", path, err)
	}
	tb.t.Logf("screenshot: %s", path)
	return path
}

func (tb *tab) screenshotOnFailure() {
	if tb.ctx.Err() != nil {
		return // the tab is gone
	}
	ctx, cancel := tb.step()
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return
	}
	// Kept after the test (t.TempDir would be removed with it).
	dir := os.Getenv("PORTAL_SCREENSHOT_DIR")
	if dir == "" {
		if dir, err = os.MkdirTemp("", "posportal-e2e-failed-"); err != nil {
			return
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	name := "FAILED-" + strings.NewReplacer("/", "_", " ", "_", "'", "").Replace(tb.t.Name()) + ".png"
	path := filepath.Join(dir, name)
	if os.WriteFile(path, buf, 0o644) == nil {
		tb.t.Logf("screenshot of the failure: %s", path)
	}
}

// checkPNG reports whether the file at path is a PNG of a whole page, not
// an empty or blank one: at least 800×600 and many distinct colours.
func checkPNG(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if len(b) < 10_000 {
		return fmt.Errorf("only %d bytes", len(b))
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("not a PNG: %w", err)
	}
	r := img.Bounds()
	if r.Dx() < 800 || r.Dy() < 600 {
		return fmt.Errorf("only %d×%d pixels", r.Dx(), r.Dy())
	}
	if n := distinctColors(img, 64); n < 32 {
		return fmt.Errorf("looks blank: %d distinct colours", n)
	}
	return nil
}

// distinctColors counts the colours of img, stopping at limit.
func distinctColors(img image.Image, limit int) int {
	seen := map[color.RGBA]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			seen[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// writeFontconfig gives Chromium the portal's own Noto Sans SC (the font the
// PDFs embed) besides the system fonts, so pages and screenshots show
// Chinese on a machine with no CJK font package, as a merchant's phone would.
func writeFontconfig(dir string) (string, error) {
	fonts, err := filepath.Abs(filepath.Join("..", "internal", "pdf", "font"))
	if err != nil {
		return "", err
	}
	conf := `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>` + fonts + `</dir>
  <cachedir>` + filepath.Join(dir, "fontconfig") + `</cachedir>
</fontconfig>
`
	path := filepath.Join(dir, "fonts.conf")
	return path, os.WriteFile(path, []byte(conf), 0o644)
}
