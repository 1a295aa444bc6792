package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
	"posportal/internal/i18n"
	"posportal/internal/money"
	"posportal/internal/shanghai"
	"posportal/templates"
)

// Page is the data every template receives; handlers fill Data.
type Page struct {
	Lang      string
	Title     string // message key
	User      *auth.User
	Flash     string // message key
	RequestID string
	Path      string
	Data      any
	Form      Form
	static    map[string]string
}

// Form carries a re-rendered form's values and field errors (message keys).
type Form struct {
	Values map[string]string
	Errors map[string]string
	Error  string // form-level message key
	// ErrorArgs fill Error's fmt verbs.
	ErrorArgs []any
}

// FormError is the form-level message in the page's language.
func (p Page) FormError() string { return p.T(p.Form.Error, p.Form.ErrorArgs...) }

// T translates key into the page's language.
func (p Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Static returns the content-hashed URL of an asset, so it can be cached
// forever and still change on deploy.
func (p Page) Static(name string) string {
	if u, ok := p.static[name]; ok {
		return u
	}
	return "/static/" + name
}

// Time formats t in Asia/Shanghai, the zone every user of the portal reads.
func (p Page) Time(t time.Time) string { return t.In(shanghai.Location).Format("2006-01-02 15:04") }

// Date formats a day in Asia/Shanghai, e.g. for due dates.
func (p Page) Date(t *time.Time) string {
	if t == nil {
		return ""
	}
	if p.Lang == i18n.ZH {
		return t.In(shanghai.Location).Format("2006年1月2日")
	}
	return t.In(shanghai.Location).Format("2 January 2006")
}

// Size formats a byte count for people.
func (p Page) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d.%d MiB", n>>20, (n%(1<<20))*10>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", (n+512)>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// FieldLabel names an application field or document ("documents.<kind>")
// in an error list.
func (p Page) FieldLabel(name string) string {
	if kind, ok := strings.CutPrefix(name, "documents."); ok {
		return p.T("doc." + kind)
	}
	if ch, ok := strings.CutPrefix(name, "channel_mix."); ok {
		return p.T("channel." + ch)
	}
	return p.T("field.app." + name)
}

// Yuan formats fen for display.
func (p Page) Yuan(fen int64) string { return money.Yuan(fen) }

// Is reports whether the signed-in user has role.
func (p Page) Is(role string) bool { return p.User != nil && string(p.User.Role) == role }

// Role translates a role name.
func (p Page) Role(r auth.Role) string { return p.T("role." + string(r)) }

// Action names an audit action. Every action a package records is
// declared with audit.Register and named in both languages (tests check
// both), so the code shows only for rows an older version wrote.
func (p Page) Action(a string) string {
	if k := "audit.action." + a; i18n.Has(p.Lang, k) {
		return p.T(k)
	}
	return a
}

// Value returns a submitted form value for re-rendering.
func (p Page) Value(name string) string { return p.Form.Values[name] }

// FieldError translates the error of field name, or "".
func (p Page) FieldError(name string) string {
	if k := p.Form.Errors[name]; k != "" {
		return p.T(k)
	}
	return ""
}

var funcs = template.FuncMap{
	"inc": func(i int) int { return i + 1 },
	// dict passes several values to a partial: {{template "x" dict "Page" $ "App" .}}.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"stages":     func() []string { return lifecycle },
	"trimPrefix": strings.TrimPrefix,
	// stepOf and anchorOf link an application field to where it is edited.
	"stepOf":   stepOf,
	"anchorOf": anchorOf,
	"docHint":  docHintKey,
	"deref":    func(t *time.Time) time.Time { return *t },
}

// renderer holds every page parsed once at start-up: a missing template or
// a syntax error stops the portal before it serves anything.
type renderer struct {
	pages  map[string]*template.Template
	static map[string]string // name → hashed URL
	assets map[string][]byte // hashed file name → content
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}, static: map[string]string{}, assets: map[string][]byte{}}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templates.FS, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	names, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if name == "layout.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templates.FS, name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		r.pages[strings.TrimSuffix(name, ".html")] = t
	}
	err = fs.WalkDir(templates.FS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		r.static[name] = "/static/" + hashed
		r.assets[hashed] = b
		return nil
	})
	return r, err
}

// render writes page name with status; rendering into a buffer first means
// a template error becomes a clean 500 instead of half a page.
func (r *renderer) render(c *gin.Context, status int, name string, p Page) {
	t, ok := r.pages[name]
	if !ok {
		panic("web: no template " + name)
	}
	p.static = r.static
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		c.Error(fmt.Errorf("render %s: %w", name, err))
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(i18n.T(p.Lang, "error.internal")))
		return
	}
	// c.Data writes the bytes out before returning, so the buffer can go
	// back to the pool afterwards.
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// pageBuffers recycles the buffers pages are executed into: a page is tens
// of kilobytes, grown step by step on every request otherwise.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// maxPooledPage keeps an occasional huge page (a long review queue) from
// staying in memory for good.
const maxPooledPage = 1 << 20

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledPage {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// serveStatic serves hashed assets with a year-long cache.
func (r *renderer) serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	b, ok := r.assets[name]
	if !ok {
		c.Status(http.StatusNotFound)
		return
	}
	ct := "application/octet-stream"
	switch path.Ext(name) {
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".js":
		ct = "text/javascript; charset=utf-8"
	case ".svg":
		ct = "image/svg+xml"
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, ct, b)
}
