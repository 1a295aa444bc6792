// Package shanghai is the portal's one time zone. Every date a user reads
// or types — a business day, a slot, a report month, a PDF footer — is a
// date on the wall clocks in China, whatever zone a time arrives in.
package shanghai

import (
	"time"

	// The zone database is embedded so the zone is the same on a host
	// without zoneinfo (a scratch or distroless image) as on a laptop.
	_ "time/tzdata"
)

// Name is the IANA name of the zone, as iCal's TZID and forms spell it.
const Name = "Asia/Shanghai"

// Location is Asia/Shanghai from the tz database, history included.
var Location = mustLoad()

func mustLoad() *time.Location {
	l, err := time.LoadLocation(Name)
	if err != nil {
		// Unreachable with time/tzdata linked; a fixed offset here would
		// silently differ from the real zone on historical dates.
		panic("shanghai: " + err.Error())
	}
	return l
}
