package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/auth"
)

type catalogModelData struct {
	catalogView
	Model    catalog.Model
	Brand    catalog.Brand
	Channels []fees.Channel
	// AllChannels heads the compatibility matrix.
	AllChannels []fees.Channel
	Matrix      []catalog.Combination
	Offers      []catalogOffer
	// Shortlisted is set for a signed-in merchant.
	Shortlisted bool
}

// catalogOffer is one plan's price for the model.
type catalogOffer struct {
	PlanID   int64
	Plan     string
	Provider string
	Sample   bool
	Price    fees.TerminalPrice
}

// CellTitle explains a compatibility cell in words.
func (d catalogModelData) CellTitle(cell catalog.Cell) string {
	ch := d.Channel(cell.Channel)
	if cell.OK {
		return d.t("catalog.model.matrix.ok", ch)
	}
	return d.t("catalog.model.reason."+cell.Reason, ch)
}

// catalogModelPage is GET /terminals/:id.
func (s *Server) catalogModelPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := catalogID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	d := catalogModelData{catalogView: catalogView{langOf(c)}, AllChannels: fees.Channels()}
	if d.Model, err = s.Catalog.Model(ctx, id); err != nil {
		s.fail(c, err)
		return
	}
	if d.Brand, err = s.Catalog.Brand(ctx, d.Model.BrandID); err != nil {
		s.fail(c, err)
		return
	}
	d.Channels = d.Model.Channels()
	if d.Matrix, err = s.Catalog.Matrix(ctx, &d.Model); err != nil {
		s.fail(c, err)
		return
	}
	plans, err := s.Catalog.PlansForModel(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, p := range plans {
		for _, tp := range p.TerminalPrices {
			if tp.ModelID == id {
				d.Offers = append(d.Offers, catalogOffer{PlanID: p.ID, Plan: p.Name, Provider: p.Provider, Sample: p.Sample, Price: tp})
			}
		}
	}
	if u := currentUser(c); u != nil && u.Role == auth.Merchant {
		ids, err := s.Catalog.ShortlistModelIDs(ctx, u.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Shortlisted = slices.Contains(ids, id)
	}
	s.render.render(c, http.StatusOK, "catalog_model", s.page(c, "catalog.model.title", d))
}

// catalogShortlistAdd is POST /terminals/:id/shortlist (merchant).
func (s *Server) catalogShortlistAdd(c *gin.Context) {
	s.catalogShortlistChange(c, s.Catalog.AddToShortlist, "flash.shortlist.added")
}

// catalogShortlistRemove is POST /terminals/:id/shortlist/delete (merchant).
func (s *Server) catalogShortlistRemove(c *gin.Context) {
	s.catalogShortlistChange(c, s.Catalog.RemoveFromShortlist, "flash.shortlist.removed")
}

func (s *Server) catalogShortlistChange(c *gin.Context, change func(ctx context.Context, u *auth.User, id int64) error, flash string) {
	id, err := catalogID(c, "id")
	if err == nil {
		err = change(c.Request.Context(), currentUser(c), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, flash)
	back := safeNext(c.PostForm("next"), fmt.Sprintf("/terminals/%d", id))
	c.Redirect(http.StatusSeeOther, back)
}
