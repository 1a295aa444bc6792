// Command portal-load drives a running portal with a fixed scenario and
// prints, per route, the throughput and latency and the ratio of its
// throughput to /readyz (one database round trip) measured in the same
// run, so that the speed of the machine cancels out (docs/PERFORMANCE.md).
//
//	go run ./cmd/portal-load -url http://127.0.0.1:8080 -merchants 20 -conns 64 -duration 15s
//
// Scenario: it registers -merchants new merchant accounts (each signed in
// with its own session cookie) and, when the demo data is there, signs in
// merchant@demo.local, whose application has installation slots. Then it
// measures each route alone at -conns connections for -duration —
// /readyz, the merchant dashboard, the catalog, a fee quote and the slot
// search behind a booking — and finally all of them mixed (dashboard 4,
// catalog 2, quote 3, slots 1). Registering writes accounts into the
// portal's database; point it at a test portal.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portal-load:", err)
		os.Exit(1)
	}
}

type options struct {
	base      string
	merchants int
	conns     int
	duration  time.Duration
	demoEmail string
	demoPass  string
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("portal-load", flag.ContinueOnError)
	var o options
	fs.StringVar(&o.base, "url", "http://127.0.0.1:8080", "the portal's base URL")
	fs.IntVar(&o.merchants, "merchants", 20, "merchant accounts to register and sign in")
	fs.IntVar(&o.conns, "conns", 64, "concurrent connections")
	fs.DurationVar(&o.duration, "duration", 15*time.Second, "how long each phase runs")
	fs.StringVar(&o.demoEmail, "booking-email", "merchant@demo.local", "merchant whose application the slot search uses (the demo data's)")
	fs.StringVar(&o.demoPass, "booking-password", "demo-pass-2026", "that merchant's password")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.base = strings.TrimRight(o.base, "/")
	tr := &http.Transport{MaxIdleConns: o.conns * 2, MaxIdleConnsPerHost: o.conns * 2, MaxConnsPerHost: o.conns, IdleConnTimeout: time.Minute}
	ctx := context.Background()

	merchants, err := registerMerchants(ctx, tr, o)
	if err != nil {
		return err
	}
	routes := []*route{
		{name: "GET /readyz", weight: 0, do: func() (*http.Request, error) {
			return http.NewRequest(http.MethodGet, o.base+"/readyz", nil)
		}},
		{name: "GET /dashboard", weight: 4, pick: merchants, do: func() (*http.Request, error) {
			return http.NewRequest(http.MethodGet, o.base+"/dashboard", nil)
		}},
		{name: "GET /api/v1/terminals", weight: 2, pick: merchants, do: func() (*http.Request, error) {
			return http.NewRequest(http.MethodGet, o.base+"/api/v1/terminals", nil)
		}},
		{name: "POST /api/v1/fee-quotes", weight: 3, pick: merchants, do: func() (*http.Request, error) {
			r, err := http.NewRequest(http.MethodPost, o.base+"/api/v1/fee-quotes", strings.NewReader(quoteBody))
			if err == nil {
				r.Header.Set("Content-Type", "application/json")
			}
			return r, err
		}},
	}
	if booker, appID, err := signInBooker(ctx, tr, o); err != nil {
		fmt.Fprintf(out, "slot search skipped: %v\n", err)
	} else {
		routes = append(routes, &route{name: "GET /api/v1/applications/:id/slots", weight: 1, pick: []*http.Client{booker},
			do: func() (*http.Request, error) {
				return http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/applications/%d/slots?days=14", o.base, appID), nil)
			}})
	}
	for _, r := range routes {
		if r.pick == nil {
			r.pick = []*http.Client{{Transport: tr, Timeout: 30 * time.Second}}
		}
	}

	fmt.Fprintf(out, "portal-load: %s, %d merchants, %d connections, %s per phase, load average %s\n\n",
		o.base, len(merchants), o.conns, o.duration, loadAverage())
	solo := make([]result, len(routes))
	for i, r := range routes {
		solo[i] = measure(ctx, []*route{r}, o.conns, o.duration)[0]
	}
	mixed := measure(ctx, routes[1:], o.conns, o.duration)

	ready := solo[0].rps()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "route (alone)\trequests\terrors\trps\tp50 ms\tp99 ms\t× /readyz rps\t")
	for _, r := range solo {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.2f\t\n", r.name, len(r.lat), r.errors, r.rps(), r.pct(50), r.pct(99), r.rps()/ready)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t")
	fmt.Fprintln(tw, "route (mixed)\trequests\terrors\trps\tp50 ms\tp99 ms\t\t")
	for _, r := range mixed {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.1f\t%.1f\t\t\n", r.name, len(r.lat), r.errors, r.rps(), r.pct(50), r.pct(99))
	}
	fmt.Fprintf(out, "\n")
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range append(solo, mixed...) {
		if r.firstErr != "" {
			fmt.Fprintf(out, "first error on %s: %s\n", r.name, r.firstErr)
		}
	}
	fmt.Fprintf(out, "load average after: %s\n", loadAverage())
	return nil
}

// quoteBody is a busy restaurant on all seven channels, no model chosen:
// every plan's terminal is picked as well as priced.
const quoteBody = `{"profile":{"channels":[
{"channel":"debit_card","buckets":[{"ticket_fen":3000,"monthly_count":1200},{"ticket_fen":400000,"monthly_count":40}]},
{"channel":"credit_card","monthly_count":700,"average_ticket_fen":25000},
{"channel":"wechat_pay","buckets":[{"ticket_fen":1500,"monthly_count":3000},{"ticket_fen":30000,"monthly_count":300}]},
{"channel":"alipay","monthly_count":2500,"average_ticket_fen":5500},
{"channel":"unionpay_qr","buckets":[{"ticket_fen":5000,"monthly_count":800},{"ticket_fen":250000,"monthly_count":8}]},
{"channel":"contactless","monthly_count":900,"average_ticket_fen":8800},
{"channel":"foreign_card","monthly_count":40,"average_ticket_fen":60000}]},
"months":24,"terminal_count":3,"acquisition":"rental","settlement":"D0"}`

// route is one request kind: do builds a request, sent with one of pick's
// clients (each holding a signed-in session) in turn.
type route struct {
	name   string
	weight int
	pick   []*http.Client
	do     func() (*http.Request, error)
}

type result struct {
	name     string
	lat      []time.Duration
	errors   int
	firstErr string
	elapsed  time.Duration
}

func (r result) rps() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

func (r result) pct(p int) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return float64(r.lat[(len(r.lat)-1)*p/100].Microseconds()) / 1000
}

// measure runs conns workers for d, each picking routes by weight (a
// single route: always it), and returns per-route latencies of successful
// requests, sorted. A request fails on a transport error or a status other
// than 200.
func measure(ctx context.Context, routes []*route, conns int, d time.Duration) []result {
	var deck []int
	for i, r := range routes {
		for range max(r.weight, 1) {
			deck = append(deck, i)
		}
	}
	type sample struct {
		lat []time.Duration
		err int
		msg string
	}
	per := make([][]sample, conns)
	var seq atomic.Int64
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conns {
		per[w] = make([]sample, len(routes))
		wg.Go(func() {
			for n := w; time.Now().Before(stop); n++ {
				i := deck[n%len(deck)]
				r := routes[i]
				c := r.pick[int(seq.Add(1))%len(r.pick)]
				t0 := time.Now()
				err := send(ctx, c, r)
				s := &per[w][i]
				if err != nil {
					s.err++
					if s.msg == "" {
						s.msg = err.Error()
					}
					continue
				}
				s.lat = append(s.lat, time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	out := make([]result, len(routes))
	for i, r := range routes {
		res := result{name: r.name, elapsed: elapsed}
		for w := range per {
			s := per[w][i]
			res.lat = append(res.lat, s.lat...)
			res.errors += s.err
			if res.firstErr == "" {
				res.firstErr = s.msg
			}
		}
		slices.Sort(res.lat)
		out[i] = res
	}
	return out
}

func send(ctx context.Context, c *http.Client, r *route) error {
	req, err := r.do()
	if err != nil {
		return err
	}
	resp, err := c.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Read the whole body: the page is not served until it is delivered,
	// and the connection is reused only once the body is drained.
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// registerMerchants creates n merchants through the API; each client keeps
// its session cookie.
func registerMerchants(ctx context.Context, tr http.RoundTripper, o options) ([]*http.Client, error) {
	run := time.Now().UnixNano()
	out := make([]*http.Client, 0, o.merchants)
	for i := range o.merchants {
		c := newClient(tr)
		body := map[string]string{
			"email": fmt.Sprintf("load-%d-%d@load.test", run, i), "password": "load-test-password",
			"name": fmt.Sprintf("压测商户 %d", i), "phone": fmt.Sprintf("139%08d", i),
		}
		if err := postJSON(ctx, c, o.base+"/api/v1/register", body, http.StatusCreated); err != nil {
			return nil, fmt.Errorf("register merchant %d: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// signInBooker signs in the demo merchant and finds its application with
// installation slots.
func signInBooker(ctx context.Context, tr http.RoundTripper, o options) (*http.Client, int64, error) {
	c := newClient(tr)
	if err := postJSON(ctx, c, o.base+"/api/v1/session", map[string]string{"email": o.demoEmail, "password": o.demoPass}, http.StatusOK); err != nil {
		return nil, 0, fmt.Errorf("sign in %s (start the portal with --demo): %w", o.demoEmail, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.base+"/api/v1/applications", nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	var list struct {
		Applications []struct {
			ID int64 `json:"id"`
		} `json:"applications"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return nil, 0, fmt.Errorf("list applications: %w", err)
	}
	for _, a := range list.Applications {
		r, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/applications/%d/slots?days=14", o.base, a.ID), nil)
		if err != nil {
			return nil, 0, err
		}
		if send(ctx, c, &route{do: func() (*http.Request, error) { return r, nil }}) == nil {
			return c, a.ID, nil
		}
	}
	return nil, 0, errors.New(o.demoEmail + " has no application with installation slots")
}

func newClient(tr http.RoundTripper) *http.Client {
	jar, _ := cookiejar.New(nil) // cookiejar.New never fails without options
	return &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second}
}

func postJSON(ctx context.Context, c *http.Client, url string, body any, want int) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != want {
		return fmt.Errorf("status %d: %s", resp.StatusCode, bytes.TrimSpace(msg))
	}
	return nil
}

// loadAverage is /proc/loadavg's first three fields, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
