package config

import (
	"flag"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Cluster holds the settings that matter once several portal instances
// run behind a load balancer on one database (§13).
type Cluster struct {
	// TrustedProxies are the CIDRs (or single addresses) of the load
	// balancers whose X-Forwarded-For is believed. Empty: trust none, and
	// the client address is the TCP peer.
	TrustedProxies []string
	// JobPoll is how often each instance looks for due background work.
	JobPoll time.Duration
	// JobLease is how long an instance's claim on background work holds;
	// work claimed by an instance that died is taken over after it.
	JobLease time.Duration
}

// clusterFlags registers the cluster settings on fs and returns the step
// that checks them after parsing.
func clusterFlags(fs *flag.FlagSet, env func(string) string, c *Cluster) func() error {
	proxies := env("PORTAL_TRUSTED_PROXIES")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated CIDRs of load balancers whose X-Forwarded-For is used; default none (PORTAL_TRUSTED_PROXIES)")
	poll, lease := env("PORTAL_JOB_POLL"), env("PORTAL_JOB_LEASE")
	fs.StringVar(&poll, "job-poll", poll, "how often to look for due reminders and e-mails, e.g. 1m (PORTAL_JOB_POLL)")
	fs.StringVar(&lease, "job-lease", lease, "how long a claim on background work holds before another instance takes it over, e.g. 2m (PORTAL_JOB_LEASE)")
	return func() error {
		var err error
		if c.TrustedProxies, err = parseProxies(proxies); err != nil {
			return err
		}
		if c.JobPoll, err = duration("job-poll", poll, time.Minute); err != nil {
			return err
		}
		if c.JobLease, err = duration("job-lease", lease, 2*time.Minute); err != nil {
			return err
		}
		if c.JobLease < 2*time.Second {
			return fmt.Errorf("job-lease must be at least 2s, got %s", c.JobLease)
		}
		return nil
	}
}

func parseProxies(s string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return nil, fmt.Errorf("trusted-proxies: %q is neither a CIDR nor an address", p)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

func duration(name, s string, def time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: want a positive duration such as 1m, got %q", name, s)
	}
	return d, nil
}
