package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
)

// The reference at /api/docs is rendered on the server from the same
// document /api/v1/openapi.json serves, so it cannot drift from it and
// needs no script or CDN.

type apiDocsData struct {
	Title       string
	Version     string
	Description string
	Groups      []apiDocGroup
	Schemas     []apiDocSchema
}

type apiDocGroup struct {
	Tag, Description string
	Operations       []apiDocOperation
}

type apiDocOperation struct {
	ID, Method, Path, Summary, Description string
	Public, Idempotent                     bool
	Security                               []string
	Parameters                             []apiDocField
	RequestType, RequestRef                string
	RequestFields                          []apiDocField // an inline request schema
	RequestExample                         string
	Responses                              []apiDocResponse
}

// apiDocResponse is one answer; Ref names the component schema to link.
type apiDocResponse struct{ Status, Description, Schema, Ref string }

type apiDocField struct {
	Name, In, Type, Description string
	Required                    bool
}

type apiDocSchema struct {
	Name, Type, Description string
	Fields                  []apiDocField
	Example                 string
}

var docMethods = []string{"get", "post", "put", "patch", "delete"}

func (s *Server) apiDocsPage(c *gin.Context) {
	doc, err := openAPIDocument()
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, http.StatusOK, "api_docs", s.page(c, "apidocs.title", buildAPIDocs(doc.Tree)))
}

func buildAPIDocs(tree map[string]any) apiDocsData {
	info := docObj(tree["info"])
	d := apiDocsData{Title: docStr(info["title"]), Version: docStr(info["version"]), Description: docStr(info["description"])}
	groups := map[string]*apiDocGroup{}
	for _, t := range docList(tree["tags"]) {
		tg := docObj(t)
		d.Groups = append(d.Groups, apiDocGroup{Tag: docStr(tg["name"]), Description: docStr(tg["description"])})
	}
	for i := range d.Groups {
		groups[d.Groups[i].Tag] = &d.Groups[i]
	}
	paths := docObj(tree["paths"])
	for _, p := range sortedKeys(paths) {
		item := docObj(paths[p])
		for _, m := range docMethods {
			op := docObj(item[m])
			if op == nil {
				continue
			}
			o := docOperation(p, m, item, op, docObj(tree["components"]))
			tag := "other"
			if tags := docList(op["tags"]); len(tags) > 0 {
				tag = docStr(tags[0])
			}
			g := groups[tag]
			if g == nil {
				d.Groups = append(d.Groups, apiDocGroup{Tag: tag})
				g = &d.Groups[len(d.Groups)-1]
				groups[tag] = g
			}
			g.Operations = append(g.Operations, o)
		}
	}
	schemas := docObj(docObj(tree["components"])["schemas"])
	for _, name := range sortedKeys(schemas) {
		sc := docObj(schemas[name])
		d.Schemas = append(d.Schemas, apiDocSchema{Name: name, Type: typeOf(sc), Description: docStr(sc["description"]),
			Fields: fieldsOf(sc), Example: docPretty(sc["example"])})
	}
	return d
}

// docOperation flattens one operation; components resolves its $refs.
func docOperation(path, method string, item, op, components map[string]any) apiDocOperation {
	o := apiDocOperation{ID: docStr(op["operationId"]), Method: strings.ToUpper(method), Path: path,
		Summary: docStr(op["summary"]), Description: docStr(op["description"]), Idempotent: op["x-idempotent"] == true}
	if sec, ok := op["security"]; ok {
		o.Public = len(docList(sec)) == 0
		for _, req := range docList(sec) {
			o.Security = append(o.Security, sortedKeys(docObj(req))...)
		}
	}
	for _, p := range append(docList(item["parameters"]), docList(op["parameters"])...) {
		pm := docObj(p)
		if ref := docStr(pm["$ref"]); ref != "" {
			pm = docObj(docObj(components["parameters"])[refName(ref)])
		}
		o.Parameters = append(o.Parameters, apiDocField{Name: docStr(pm["name"]), In: docStr(pm["in"]), Required: pm["required"] == true,
			Type: typeOf(docObj(pm["schema"])), Description: docStr(pm["description"])})
	}
	if rb := docObj(op["requestBody"]); rb != nil {
		content := docObj(rb["content"])
		for _, ct := range sortedKeys(content) {
			media := docObj(content[ct])
			sc := docObj(media["schema"])
			o.RequestType, o.RequestExample = ct, docPretty(media["example"])
			if ref := docStr(sc["$ref"]); ref != "" {
				o.RequestRef = refName(ref)
			} else {
				o.RequestFields = fieldsOf(sc)
			}
			break
		}
	}
	responses := docObj(op["responses"])
	for _, st := range sortedKeys(responses) {
		r := docObj(responses[st])
		if ref := docStr(r["$ref"]); ref != "" {
			r = docObj(docObj(components["responses"])[refName(ref)])
		}
		var schema []string
		resp := apiDocResponse{Status: st, Description: docStr(r["description"])}
		content := docObj(r["content"])
		for _, ct := range sortedKeys(content) {
			sc := docObj(docObj(content[ct])["schema"])
			schema = append(schema, ct+": "+typeOf(sc))
			if ref := docStr(sc["$ref"]); ref != "" && resp.Ref == "" {
				resp.Ref = refName(ref)
			}
		}
		resp.Schema = strings.Join(schema, "; ")
		o.Responses = append(o.Responses, resp)
	}
	return o
}

// fieldsOf lists an object schema's properties, through allOf.
func fieldsOf(sc map[string]any) []apiDocField {
	var out []apiDocField
	for _, part := range docList(sc["allOf"]) {
		out = append(out, fieldsOf(docObj(part))...)
	}
	req := map[string]bool{}
	for _, r := range docList(sc["required"]) {
		req[docStr(r)] = true
	}
	props := docObj(sc["properties"])
	for _, name := range sortedKeys(props) {
		p := docObj(props[name])
		out = append(out, apiDocField{Name: name, Type: typeOf(p), Required: req[name], Description: docStr(p["description"])})
	}
	return out
}

// typeOf writes a schema's type the way a reader wants it: "Application",
// "array of Slot", "integer | null", "string: a | b".
func typeOf(sc map[string]any) string {
	if sc == nil {
		return ""
	}
	if ref := docStr(sc["$ref"]); ref != "" {
		return refName(ref)
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf"} {
		if parts := docList(sc[k]); len(parts) > 0 {
			var names []string
			for _, p := range parts {
				names = append(names, typeOf(docObj(p)))
			}
			sep := " | "
			if k == "allOf" {
				sep = " + "
			}
			return strings.Join(names, sep)
		}
	}
	var t string
	switch v := sc["type"].(type) {
	case string:
		t = v
	case []any:
		var ts []string
		for _, x := range v {
			ts = append(ts, docStr(x))
		}
		t = strings.Join(ts, " | ")
	}
	if strings.HasPrefix(t, "array") {
		t = strings.Replace(t, "array", "array of "+typeOf(docObj(sc["items"])), 1)
	}
	if f := docStr(sc["format"]); f != "" {
		t += " (" + f + ")"
	}
	if enum := docList(sc["enum"]); len(enum) > 0 {
		var vals []string
		for _, e := range enum {
			if e != nil {
				vals = append(vals, docStr(e))
			}
		}
		t += ": " + strings.Join(vals, " | ")
	}
	if t == "" && sc["properties"] != nil {
		t = "object"
	}
	return t
}

func refName(ref string) string { return ref[strings.LastIndexByte(ref, '/')+1:] }

func docPretty(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return ""
	}
	return string(b)
}

func docObj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func docList(v any) []any {
	l, _ := v.([]any)
	return l
}

func docStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
