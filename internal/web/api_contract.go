package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/onboarding"
)

// contractJSON is §11's contract answer plus its terms and signature.
type contractJSON struct {
	ID            int64                    `json:"id"`
	Number        string                   `json:"number"`
	Status        string                   `json:"status"`
	SHA256        string                   `json:"sha256"`
	ApplicationID int64                    `json:"application_id"`
	Terms         onboarding.ContractTerms `json:"terms"`
	SignerName    string                   `json:"signer_name,omitempty"`
	SignedAt      any                      `json:"signed_at,omitempty"`
}

func toContractJSON(c onboarding.Contract) contractJSON {
	j := contractJSON{ID: c.ID, Number: c.Number, Status: c.Status(), SHA256: c.SHA256, ApplicationID: c.ApplicationID,
		Terms: c.Terms(), SignerName: c.SignerName}
	if c.SignedAt != nil {
		j.SignedAt = c.SignedAt
	}
	return j
}

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
