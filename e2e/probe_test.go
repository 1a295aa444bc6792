package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

func TestProbe(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<body><pre id=out>AL=%q SFS=%q Origin=%q method=%s</pre>
<form method=post action="%s"><button id=go>go</button></form></body>`,
			r.Header.Get("Accept-Language"), r.Header.Get("Sec-Fetch-Site"), r.Header.Get("Origin"), r.Method, r.URL.Query().Get("a"))
	}))
	defer ts.Close()
	for _, lang := range []bool{false, true} {
		opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath("/usr/bin/chromium"), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck}
		if lang {
			opts = append(opts, chromedp.Flag("lang", "zh-CN"), chromedp.Env("LANGUAGE=zh_CN:zh", "LANG=zh_CN.UTF-8"))
		}
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		start := time.Now()
		if err := chromedp.Do(bctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("start %v", time.Since(start))
		run := func(name string, setup ...chromedp.Action[chromedp.Void]) {
			ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
			defer cancel()
			steps := append(setup, chromedp.Navigate(ts.URL))
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatal(err)
			}
			s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("out")))
			t.Logf("lang=%v %s: %s %v", lang, name, s, err)
			nl, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.language + " " + navigator.languages.join(",")`))
			t.Logf("   navigator: %s", nl)
		}
		run("plain")
		{
			ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprintf(w, `<form method=post action="%s/?a=1"><button id=go>go</button></form>`, ts.URL)
			}))
			u := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
			if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
				t.Fatal(err)
			}
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("go")))
			if err != nil {
				t.Fatal(err)
			}
			s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("out")))
			t.Logf("cross: %d %s %v", resp.Status, s, err)
			other.Close()
			cancel()
		}
		run("extraheaders", chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
			_, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "zh-CN,zh;q=0.9"}})
			return err
		}))
		run("uaoverride", chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
			ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
			if err != nil {
				return err
			}
			_, err = chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "zh-CN,zh"})
			return err
		}))
		bcancel()
		acancel()
	}
}
