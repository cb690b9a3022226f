package render

import (
	"bytes"
	"path"
	"strings"

	"github.com/gloss-ssg/gloss/generator/htmlattr"
)

// Relative rewrites a page's links to the site (href, src, srcset and
// action values under basePath) as paths relative to the page, with
// index.html spelled out, so the built site also works opened from the disk
// (file://) or moved under any path. outPath is the page's file
// ("explainers/chips/index.html"). Links are found as a browser reads the
// page (see htmlattr): in any quotes and case, and only in tags, so a raw
// HTML link an author wrote as href='/x/' is rewritten, and text that
// merely contains href="/x/" is not.
func Relative(page []byte, outPath, basePath string) []byte {
	var out bytes.Buffer
	dir := path.Dir(outPath)
	last := 0
	rewrite := func(start, end int) {
		val := string(page[start:end])
		rel := relativeURL(val, dir, basePath)
		if rel == val {
			return
		}
		if out.Cap() == 0 {
			out.Grow(len(page) + len(page)/20)
		}
		out.Write(page[last:start])
		out.WriteString(rel)
		last = end
	}
	htmlattr.Each(page, urlAttrs, func(v htmlattr.Value) {
		if urlAttrs[v.Name] == "srcset" {
			htmlattr.Srcset(v.Raw, func(s, e int) { rewrite(v.Start+s, v.Start+e) })
			return
		}
		rewrite(v.Start, v.End)
	})
	if last == 0 {
		return page
	}
	out.Write(page[last:])
	return out.Bytes()
}

// urlAttrs are the attributes whose values Relative rewrites.
var urlAttrs = []string{"href", "src", "srcset", "action"}

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
