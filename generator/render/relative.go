package render

import (
	"bytes"
	"path"
	"strings"
)

// Relative rewrites a page's links to the site (href, src and action values
// under basePath) as paths relative to the page, with index.html spelled
// out, so the built site also works opened from the disk (file://) or
// moved under any path. outPath is the page's file ("explainers/chips/index.html").
func Relative(page []byte, outPath, basePath string) []byte {
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/20)
	dir := path.Dir(outPath)
	rest := page
	for {
		i, attrLen := nextURLAttr(rest)
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		start := i + attrLen
		end := bytes.IndexByte(rest[start:], '"')
		if end < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		val := string(rest[start : start+end])
		out.Write(rest[:start])
		out.WriteString(relativeURL(val, dir, basePath))
		rest = rest[start+end:]
	}
}

// nextURLAttr finds the next ` href="`, ` src="` or ` action="`.
func nextURLAttr(b []byte) (int, int) {
	best, n := -1, 0
	for _, a := range []string{` href="`, ` src="`, ` action="`} {
		if i := bytes.Index(b, []byte(a)); i >= 0 && (best < 0 || i < best) {
			best, n = i, len(a)
		}
	}
	return best, n
}

func relativeURL(val, dir, basePath string) string {
	if !strings.HasPrefix(val, basePath) || strings.HasPrefix(val, "//") {
		return val // external, or a fragment of this page
	}
	target, frag, hasFrag := strings.Cut(strings.TrimPrefix(val, basePath), "#")
	if target == "" || strings.HasSuffix(target, "/") {
		target += "index.html"
	}
	rel := relPath(dir, target)
	if hasFrag {
		rel += "#" + frag
	}
	return rel
}

// relPath is target (a path from the site root) as seen from folder dir.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	from := strings.Split(dir, "/")
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}
