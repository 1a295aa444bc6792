package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
)

// QuoteProfileSource supplies a merchant's expected volume per channel
// (from their application) to prefill the fee calculator. ok is false when
// the merchant has none yet.
type QuoteProfileSource interface {
	ProfileFor(ctx context.Context, merchantID int64) (p fees.Profile, ok bool, err error)
}

// catalogRoutes mounts the terminal catalog, the fee calculator and their
// administration (§3, §4).
func (s *Server) catalogRoutes(e *gin.Engine) {
	if s.Catalog == nil {
		// The catalog needs nothing but the database, so a server built
		// without it (tests of other features) still serves these pages.
		s.Catalog = catalog.NewService(s.DB, nil)
	}
}
