package browser_test

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// pdfPage is what the print tests read of one page of a PDF that Chromium (Skia) printed: the
// text of each text object (one per table cell or line of text), in drawing order, and the
// heights of the thin vertical rectangles Skia draws table borders with.
type pdfPage struct {
	lines   []string
	borders []float64
}

// text is the page's text, one text object a line.
func (p pdfPage) text() string { return strings.Join(p.lines, "\n") }

var (
	pdfObject   = regexp.MustCompile(`(?s)(\d+) 0 obj(.*?)endobj`)
	pdfStream   = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	pdfRef      = regexp.MustCompile(`(\d+) 0 R`)
	pdfFontRefs = regexp.MustCompile(`/(F\d+) (\d+) 0 R`)
	pdfBFChar   = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	pdfBFRange  = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	pdfCodes    = regexp.MustCompile(`(?s)begincodespacerange\s*<([0-9A-Fa-f]+)>`)
	// The operators read: a font chosen, a string shown (Tj, or TJ's strings), the end of a text
	// object, and a rectangle filled (a border).
	pdfOps = regexp.MustCompile(`/(F\d+) [-\d.]+ Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ|\bET\b|([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re\b`)
)

// pdfFont maps a font's codes to text through its ToUnicode CMap.
type pdfFont struct {
	width int // bytes per code
	runes map[string]string
}

// readPDF splits a PDF printed by Chromium into its pages, in order, with their text decoded
// through each font's ToUnicode map. It reads only what Skia writes: uncompressed object
// dictionaries, Flate streams, Type3 or CID fonts with a ToUnicode CMap, hex strings.
func readPDF(data []byte) ([]pdfPage, error) {
	objs := map[string][]byte{}
	for _, m := range pdfObject.FindAllSubmatch(data, -1) {
		objs[string(m[1])] = m[2]
	}
	stream := func(id string) ([]byte, error) {
		m := pdfStream.FindSubmatch(objs[id])
		if m == nil {
			return nil, fmt.Errorf("object %s has no stream", id)
		}
		if !bytes.Contains(objs[id], []byte("/FlateDecode")) {
			return m[1], nil
		}
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(r)
	}
	// The pages in order: the leaves of the page tree from its root (the /Pages without a parent).
	var kids []string
	var walk func(id string)
	walk = func(id string) {
		body := objs[id]
		if !bytes.Contains(body, []byte("/Type /Pages")) {
			kids = append(kids, id)
			return
		}
		i := bytes.Index(body, []byte("/Kids ["))
		for _, m := range pdfRef.FindAllSubmatch(body[i:i+bytes.IndexByte(body[i:], ']')], -1) {
			walk(string(m[1]))
		}
	}
	for id, body := range objs {
		if bytes.Contains(body, []byte("/Type /Pages")) && !bytes.Contains(body, []byte("/Parent")) {
			walk(id)
		}
	}
	fonts := map[string]*pdfFont{}
	font := func(id string) (*pdfFont, error) {
		if f, ok := fonts[id]; ok {
			return f, nil
		}
		m := regexp.MustCompile(`/ToUnicode (\d+) 0 R`).FindSubmatch(objs[id])
		if m == nil {
			return nil, fmt.Errorf("font %s has no ToUnicode map", id)
		}
		cmap, err := stream(string(m[1]))
		if err != nil {
			return nil, err
		}
		f := &pdfFont{width: 1, runes: map[string]string{}}
		if c := pdfCodes.FindSubmatch(cmap); c != nil {
			f.width = len(c[1]) / 2
		}
		for _, block := range regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`).FindAllSubmatch(cmap, -1) {
			for _, p := range pdfBFChar.FindAllSubmatch(block[1], -1) {
				f.runes[strings.ToUpper(string(p[1]))] = utf16Hex(string(p[2]))
			}
		}
		for _, block := range regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`).FindAllSubmatch(cmap, -1) {
			for _, p := range pdfBFRange.FindAllSubmatch(block[1], -1) {
				lo, _ := strconv.ParseUint(string(p[1]), 16, 32)
				hi, _ := strconv.ParseUint(string(p[2]), 16, 32)
				dst, _ := strconv.ParseUint(string(p[3]), 16, 32)
				for c := lo; c <= hi; c++ {
					f.runes[fmt.Sprintf("%0*X", len(p[1]), c)] = string(rune(dst + c - lo))
				}
			}
		}
		fonts[id] = f
		return f, nil
	}
	var pages []pdfPage
	for _, kid := range kids {
		body := objs[kid]
		names := map[string]string{}
		for _, m := range pdfFontRefs.FindAllSubmatch(body, -1) {
			names[string(m[1])] = string(m[2])
		}
		_, contents, ok := bytes.Cut(body, []byte("/Contents"))
		if !ok {
			return nil, fmt.Errorf("page %s has no contents", kid)
		}
		contents = contents[:bytes.IndexAny(contents, "/>")]
		var page pdfPage
		var line strings.Builder
		var cur *pdfFont
		for _, ref := range pdfRef.FindAllSubmatch(contents, -1) {
			content, err := stream(string(ref[1]))
			if err != nil {
				return nil, err
			}
			for _, op := range pdfOps.FindAllSubmatch(content, -1) {
				switch {
				case op[1] != nil:
					if cur, err = font(names[string(op[1])]); err != nil {
						return nil, err
					}
				case op[2] != nil || op[3] != nil:
					strs := [][]byte{op[2]}
					if op[3] != nil {
						strs = nil
						for _, s := range regexp.MustCompile(`<([0-9A-Fa-f]*)>`).FindAllSubmatch(op[3], -1) {
							strs = append(strs, s[1])
						}
					}
					for _, s := range strs {
						line.WriteString(cur.decode(string(s)))
					}
				case op[4] != nil:
					w, _ := strconv.ParseFloat(string(op[6]), 64)
					h, _ := strconv.ParseFloat(string(op[7]), 64)
					if w <= 1.5 && h > 0 {
						page.borders = append(page.borders, h)
					}
				default: // ET
					if line.Len() > 0 {
						page.lines = append(page.lines, line.String())
						line.Reset()
					}
				}
			}
		}
		pages = append(pages, page)
	}
	return pages, nil
}

// decode turns a hex string of codes into text.
func (f *pdfFont) decode(s string) string {
	var b strings.Builder
	s = strings.ToUpper(s)
	for i := 0; i+2*f.width <= len(s); i += 2 * f.width {
		b.WriteString(f.runes[s[i:i+2*f.width]])
	}
	return b.String()
}

// utf16Hex decodes the UTF-16BE hex of a CMap's destination.
func utf16Hex(s string) string {
	raw, err := hex.DecodeString(s)
	if err != nil {
		return ""
	}
	u := make([]uint16, len(raw)/2)
	for i := range u {
		u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
	}
	return string(utf16.Decode(u))
}
