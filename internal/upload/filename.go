package upload

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFilenameBytes bounds a sanitized filename.
const MaxFilenameBytes = 200

// maxExtBytes is the longest extension kept when a long name is cut.
const maxExtBytes = 16

// SanitizeFilename turns a client's filename into metadata safe to store,
// show and send back: the base name only (after / or \, since Windows
// browsers may send a full path), valid UTF-8, no control or invisible
// formatting characters (such as the right-to-left override that makes
// "exe.pdf" look like "fdp.exe"), the characters Windows forbids in names
// replaced by _, no leading or trailing dots and spaces, and at most
// MaxFilenameBytes bytes, cut at a character boundary keeping the extension.
// Chinese and other letters are kept. The result may be "".
func SanitizeFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r), unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp):
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteByte('_')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Trim(b.String(), " .")
	if len(name) <= MaxFilenameBytes {
		return name
	}
	ext := path.Ext(name)
	if len(ext) > maxExtBytes {
		ext = ""
	}
	cut := MaxFilenameBytes - len(ext)
	for !utf8.RuneStart(name[cut]) {
		cut--
	}
	return strings.TrimRight(name[:cut], " .") + ext
}
