package shanghai

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestLocationIsTheRealZone: a fixed UTC+8 would pass for every date since
// 1991, so the check is China's summer time of 1988 (UTC+9), which only
// the tz database knows.
func TestLocationIsTheRealZone(t *testing.T) {
	checkRealZone(t)
}

// TestLocationWithoutHostZoneinfo runs the same check in a child process
// whose ZONEINFO and GOROOT (Go's last resort, lib/time/zoneinfo.zip) point
// at an empty directory and, where the kernel allows a private mount
// namespace, with the system zoneinfo directories covered by empty ones:
// the zone must come from the embedded database.
func TestLocationWithoutHostZoneinfo(t *testing.T) {
	if os.Getenv("SHANGHAI_TZ_CHILD") != "" {
		for _, dir := range hostZoneDirs {
			if _, err := os.Stat(dir + "/" + Name); err == nil && os.Getenv("SHANGHAI_TZ_CHILD") == "hidden" {
				t.Fatalf("%s is still readable in the child", dir)
			}
		}
		checkRealZone(t)
		return
	}
	args := []string{"-test.run=^TestLocationWithoutHostZoneinfo$", "-test.v"}
	mode, cmd := "hidden", exec.Command("unshare", append([]string{"-r", "-m", "sh", "-c", hideZoneinfo, os.Args[0]}, args...)...)
	if err := exec.Command("unshare", "-r", "-m", "sh", "-c", hideZoneinfo, "true").Run(); err != nil {
		t.Logf("no private mount namespace (%v): only ZONEINFO is emptied, the host's zoneinfo stays visible", err)
		mode, cmd = "env", exec.Command(os.Args[0], args...)
	}
	empty := t.TempDir()
	cmd.Env = append(os.Environ(), "SHANGHAI_TZ_CHILD="+mode, "ZONEINFO="+empty, "GOROOT="+empty)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestLocationWithoutHostZoneinfo") {
		t.Fatalf("child (%s) failed: %v\n%s", mode, err, out)
	}
}

// hostZoneDirs are where Go looks for zoneinfo on Linux.
var hostZoneDirs = []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"}

// hideZoneinfo covers each host zoneinfo directory with an empty tmpfs,
// then runs the test binary ("$0") with its arguments.
var hideZoneinfo = `for d in ` + strings.Join(hostZoneDirs, " ") + `; do [ ! -d "$d" ] || mount -t tmpfs none "$d" || exit 1; done; exec "$0" "$@"`

func checkRealZone(t *testing.T) {
	t.Helper()
	if Location.String() != Name {
		t.Fatalf("Location = %q, want %q", Location, Name)
	}
	for _, c := range []struct {
		at   time.Time
		want time.Duration
	}{
		{time.Date(1988, 7, 1, 0, 0, 0, 0, time.UTC), 9 * time.Hour},
		{time.Date(1988, 12, 1, 0, 0, 0, 0, time.UTC), 8 * time.Hour},
		{time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), 8 * time.Hour},
	} {
		if _, off := c.at.In(Location).Zone(); time.Duration(off)*time.Second != c.want {
			t.Errorf("offset on %s = %v, want %v", c.at.Format(time.DateOnly), time.Duration(off)*time.Second, c.want)
		}
	}
}
