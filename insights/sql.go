package insights

import (
	"encoding/json"

	"posportal/internal/db"
)

// dialect spells the few expressions PostgreSQL and SQLite write
// differently, so each query is written once.
type dialect struct{ db.Dialect }

func (d dialect) epoch(expr string) string {
	if d.Dialect == db.Postgres {
		return "EXTRACT(EPOCH FROM " + expr + ")"
	}
	return "unixepoch(" + expr + ", 'subsec')"
}

// shanghaiDay numbers the Asia/Shanghai day of a timestamp (days since
// 1970-01-01 on Shanghai wall clocks; China has kept UTC+8 since 1991).
func (d dialect) shanghaiDay(expr string) string {
	return "CAST(FLOOR((" + d.epoch(expr) + " + 28800) / 86400) AS BIGINT)"
}

// shanghaiWeek numbers the Monday-based Asia/Shanghai week of a timestamp:
// 1970-01-05 was a Monday, 4 days after the epoch.
func (d dialect) shanghaiWeek(expr string) string {
	return "CAST(FLOOR((" + d.epoch(expr) + " + 28800 - 345600) / 604800) AS BIGINT)"
}

// jsonRows is a FROM item reading a JSON array of arrays bound as one
// parameter, so a per-day table of any length costs one bind variable.
func (d dialect) jsonRows(alias string) string {
	if d.Dialect == db.Postgres {
		return "jsonb_array_elements(CAST(? AS jsonb)) AS " + alias + "(v)"
	}
	return "json_each(?) AS " + alias
}

func (d dialect) jsonNum(alias string, i int) string {
	idx := string(rune('0' + i))
	if d.Dialect == db.Postgres {
		return "CAST(" + alias + ".v->>" + idx + " AS DOUBLE PRECISION)"
	}
	return "json_extract(" + alias + ".value, '$[" + idx + "]')"
}

func (d dialect) jsonText(alias string, i int) string {
	idx := string(rune('0' + i))
	if d.Dialect == db.Postgres {
		return "(" + alias + ".v->>" + idx + ")"
	}
	return "json_extract(" + alias + ".value, '$[" + idx + "]')"
}

func jsonParam(rows any) (string, error) {
	b, err := json.Marshal(rows)
	return string(b), err
}

// cohort is the CTE of applications first submitted in the range, with
// that first submission's time: the population every pipeline figure
// follows. The range is found on the (event, created_at) index and "first"
// checked per hit on (application_id, event, created_at), so a month of a
// large history reads only that month's submissions. Binds: range start,
// range end.
const cohort = `cohort AS (
	SELECT s.application_id AS id, s.created_at AS submitted
	FROM application_events s
	WHERE s.event = 'submit' AND s.created_at >= ? AND s.created_at < ?
		AND s.created_at = (SELECT MIN(p.created_at) FROM application_events p
			WHERE p.application_id = s.application_id AND p.event = 'submit'))`
