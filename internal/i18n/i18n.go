// Package i18n is the portal's typed message catalog for zh-CN and en.
// Keys are plain strings shared by templates, handlers and domain errors;
// a test keeps both languages in step and checks every key the templates
// use exists. Messages may hold fmt verbs filled by T's arguments.
package i18n

import (
	"fmt"
	"sync"

	"golang.org/x/text/language"
)

// The supported languages.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Langs lists the supported languages, default first.
var Langs = []string{ZH, EN}

// catalogs is filled at init from one file pair per feature
// (messages_<feature>_zh.go / _en.go) and by Add from domain packages.
var catalogs = map[string]map[string]string{ZH: {}, EN: {}}

var extraMu sync.RWMutex

// Add merges messages into the catalog at start-up, from this package's
// feature files or from a domain package (e.g. validation messages). It
// panics on a key that already exists, so two features cannot silently
// fight over one message.
func Add(lang string, msgs map[string]string) {
	extraMu.Lock()
	defer extraMu.Unlock()
	c, ok := catalogs[lang]
	if !ok {
		panic("i18n: unsupported language " + lang)
	}
	for k, v := range msgs {
		if _, dup := c[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		c[k] = v
	}
}

// Has reports whether key exists in lang.
func Has(lang, key string) bool {
	extraMu.RLock()
	defer extraMu.RUnlock()
	_, ok := catalogs[lang][key]
	return ok
}

// Keys returns every key of lang.
func Keys(lang string) []string {
	extraMu.RLock()
	defer extraMu.RUnlock()
	out := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	return out
}

// T translates key into lang; a missing key shows itself so it is noticed
// (and the catalog test fails), rather than rendering an empty string.
func T(lang, key string, args ...any) string {
	extraMu.RLock()
	msg, ok := catalogs[lang][key]
	if !ok {
		msg, ok = catalogs[EN][key]
	}
	extraMu.RUnlock()
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

var matcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// Negotiate picks a supported language from an Accept-Language header;
// Chinese is the default because most of the portal's users read it.
func Negotiate(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return ZH
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return ZH
	}
	return Langs[idx]
}

// Supported reports whether lang is one of Langs.
func Supported(lang string) bool { return lang == ZH || lang == EN }
