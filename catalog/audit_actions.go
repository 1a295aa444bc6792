package catalog

import "posportal/internal/audit"

func init() {
	for _, entity := range []string{"brand", "model", "provider", "plan"} {
		for _, verb := range []string{"create", "update", "delete"} {
			audit.Register("catalog." + entity + "." + verb)
		}
	}
	audit.Register("catalog.model.import")
}
