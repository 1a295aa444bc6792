package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/onboarding"
)

// contractJSON is §11's contract answer plus its terms and signature; it
// lives in onboarding so webhook events carry the same object.
type contractJSON = onboarding.ContractView

func toContractJSON(c onboarding.Contract) contractJSON { return onboarding.ContractViewOf(c) }

func (s *Server) apiGenerateContract(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req onboarding.ContractRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	ct, created, err := s.Contracts.Generate(c.Request.Context(), *currentUser(c), id, req, langOf(c), c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK // the contract already said exactly this
	if created {
		status = http.StatusCreated
	}
	c.JSON(status, toContractJSON(ct))
}

func (s *Server) apiGetContract(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ct, err := s.Contracts.Get(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toContractJSON(ct))
}

// apiContractPDF sends the stored bytes unchanged: what was signed is what
// downloads, byte for byte.
func (s *Server) apiContractPDF(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ct, doc, err := s.Contracts.PDF(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+ct.Number+`.pdf"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "application/pdf", doc)
}

type signRequest struct {
	SignerName string `json:"signer_name"`
	Consent    bool   `json:"consent"`
}

func (s *Server) apiSignContract(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req signRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	ct, err := s.Contracts.Sign(c.Request.Context(), *currentUser(c), id, req.SignerName, req.Consent, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toContractJSON(ct))
}
