package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/upload"
	"posportal/onboarding"
)

// receiveDocument checks the actor may upload before reading a byte of
// the body, then streams the file into the blob store and records it.
func (s *Server) receiveDocument(c *gin.Context) (onboarding.Document, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return onboarding.Document{}, err
	}
	ctx, u := c.Request.Context(), *currentUser(c)
	if err := s.Onboarding.CheckUpload(ctx, u, id); err != nil {
		return onboarding.Document{}, err
	}
	res, err := upload.Receive(c.Writer, c.Request, s.Onboarding.Blobs(), upload.Limits{File: s.Onboarding.MaxDocumentBytes()})
	if err != nil {
		return onboarding.Document{}, err
	}
	return s.Onboarding.AddDocument(ctx, u, id, res.Fields["kind"], res.Filename, res.Object, c.ClientIP())
}

// serveDocument sends a document the actor may see; inline only for the
// staff image preview.
func (s *Server) serveDocument(c *gin.Context, inline bool) {
	appID, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	docID, err := pathID(c, "doc_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Onboarding.ViewDocument(c.Request.Context(), *currentUser(c), appID, docID, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	err = upload.ServeAttachment(c.Writer, c.Request, s.Onboarding.Blobs(), d.BlobKey, d.ContentType, d.Filename, inline)
	if errors.Is(err, upload.ErrResponseStarted) {
		c.Error(err)
		return
	}
	if err != nil {
		s.fail(c, err)
	}
}

func (s *Server) apiUploadDocument(c *gin.Context) {
	d, err := s.receiveDocument(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": d.ID, "kind": d.Kind, "filename": d.Filename, "content_type": d.ContentType,
		"size": d.Size, "sha256": d.SHA256})
}

func (s *Server) apiListDocuments(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	docs, err := s.Onboarding.Documents(c.Request.Context(), *currentUser(c), id, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	if docs == nil {
		docs = []onboarding.Document{}
	}
	c.JSON(http.StatusOK, gin.H{"documents": docs})
}

func (s *Server) apiDeleteDocument(c *gin.Context) {
	if err := s.deleteDocument(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) deleteDocument(c *gin.Context) error {
	appID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	docID, err := pathID(c, "doc_id")
	if err != nil {
		return err
	}
	return s.Onboarding.DeleteDocument(c.Request.Context(), *currentUser(c), appID, docID, c.ClientIP())
}

// pageUploadDocument answers the documents step's form: back to the step
// with a flash, or the step again with the error when the file is refused.
func (s *Server) pageUploadDocument(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	_, err := s.receiveDocument(c)
	if err != nil {
		if e := asUserError(err); e != "" {
			// Post/Redirect/Get: the address bar must not stay on this
			// POST-only URL, whose reload would answer 405.
			s.setFlash(c, e)
			c.Redirect(http.StatusSeeOther, applicationURL(a.ID, "/edit/documents?upload=failed"))
			return
		}
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.document_uploaded")
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, "/edit/documents"))
}

func (s *Server) pageDeleteDocument(c *gin.Context) {
	a, ok := s.loadApplication(c)
	if !ok {
		return
	}
	if err := s.deleteDocument(c); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.document_deleted")
	c.Redirect(http.StatusSeeOther, applicationURL(a.ID, "/edit/documents"))
}
