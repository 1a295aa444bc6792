package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/i18n"
)

// lifecycle is the merchant's journey, shown on the landing page and the
// merchant dashboard; each stage has "stage.<id>" and "stage.<id>.about" keys.
var lifecycle = []string{"application", "review", "contract", "installation", "training", "live", "support"}

type homeData struct{ Stages []string }

func (s *Server) homePage(c *gin.Context) {
	s.render.render(c, http.StatusOK, "home", s.page(c, "home.title", homeData{Stages: lifecycle}))
}

// switchLanguage sets the language cookie (and the account's preference)
// and returns to the page the user was on.
func (s *Server) switchLanguage(c *gin.Context) {
	lang := c.PostForm("lang")
	if !i18n.Supported(lang) {
		lang = i18n.ZH
	}
	s.setLangCookie(c, lang)
	if u := currentUser(c); u != nil {
		if err := s.Auth.SetLang(c.Request.Context(), u.ID, lang); err != nil {
			s.fail(c, err)
			return
		}
	}
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next"), "/"))
}
