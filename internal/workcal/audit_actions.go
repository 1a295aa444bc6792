package workcal

import "posportal/internal/audit"

func init() {
	audit.Register("calendar.seed", "calendar.set_day", "calendar.delete_day", "calendar.confirm_year")
}
