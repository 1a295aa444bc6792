package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// sfnt magic numbers (the first four bytes of a font file).
const (
	magicTrueType = 0x00010000 // TrueType outlines
	magicTrue     = 0x74727565 // "true" (old Apple TrueType)
	magicOTTO     = 0x4F54544F // "OTTO": CFF outlines, not supported by gofpdf
	magicTTC      = 0x74746366 // "ttcf": font collection, not supported by gofpdf
)

// coverage is a bitset of the Basic Multilingual Plane runes that a font maps
// to a real glyph. gofpdf's UTF-8 fonts only handle the BMP.
type coverage [0x10000 / 64]uint64

func (c *coverage) set(r int)       { c[r>>6] |= 1 << (uint(r) & 63) }
func (c *coverage) has(r rune) bool { return r >= 0 && r < 0x10000 && c[r>>6]&(1<<(uint(r)&63)) != 0 }
func (c *coverage) hasAll(s string) bool {
	for _, r := range s {
		if !c.has(r) {
			return false
		}
	}
	return true
}

// sfntTables reads the table directory of a TrueType font and checks that it
// is the kind gofpdf can embed: a single font with glyf outlines.
func sfntTables(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, errors.New("file too short to be a font")
	}
	switch magic := binary.BigEndian.Uint32(data); magic {
	case magicTrueType, magicTrue:
	case magicOTTO:
		return nil, errors.New("OpenType font with CFF outlines (.otf) is not supported; use a TrueType (glyf) .ttf")
	case magicTTC:
		return nil, errors.New("font collection (.ttc) is not supported; use a single TrueType .ttf")
	default:
		return nil, fmt.Errorf("not a TrueType font (magic %#08x)", magic)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		off := int(binary.BigEndian.Uint32(rec[8:]))
		size := int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || size < 0 || off+size > len(data) || off+size < off {
			return nil, fmt.Errorf("table %q lies outside the file", rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+size]
	}
	for _, name := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp"} {
		if len(tables[name]) == 0 {
			return nil, fmt.Errorf("font has no %q table (gofpdf needs TrueType glyf outlines)", name)
		}
	}
	return tables, nil
}

// cmapCoverage returns the runes mapped by the same cmap subtable gofpdf uses:
// the first format-4 subtable for platform 3/encoding 1 or platform 0.
func cmapCoverage(cmap []byte) (*coverage, error) {
	u16 := func(p int) int {
		if p < 0 || p+2 > len(cmap) {
			return -1
		}
		return int(binary.BigEndian.Uint16(cmap[p:]))
	}
	sub := -1
	for i, n := 0, u16(2); i < n; i++ {
		rec := 4 + 8*i
		platform, encoding := u16(rec), u16(rec+2)
		if rec+8 > len(cmap) {
			break
		}
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if (platform == 3 && encoding == 1) || platform == 0 {
			if u16(off) == 4 {
				sub = off
				break
			}
		}
	}
	if sub < 0 {
		return nil, errors.New("font has no Unicode (format 4) cmap")
	}
	segs := u16(sub+6) / 2
	ends, starts := sub+14, sub+16+2*segs
	deltas, rangeOffs := starts+2*segs, starts+4*segs
	if segs <= 0 || u16(rangeOffs+2*segs-2) < 0 {
		return nil, errors.New("truncated cmap")
	}
	cov := new(coverage)
	for s := 0; s < segs; s++ {
		start, end := u16(starts+2*s), u16(ends+2*s)
		delta, ro := u16(deltas+2*s), u16(rangeOffs+2*s)
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := (c + delta) & 0xFFFF
			if ro != 0 {
				g = u16(rangeOffs + 2*s + ro + 2*(c-start))
				if g > 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g > 0 {
				cov.set(c)
			}
		}
	}
	return cov, nil
}
