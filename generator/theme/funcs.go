package theme

import (
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// Funcs is the one set of functions every theme's templates can call, besides
// html/template's own and `asset`:
//
//	url PATH         a site path ("/topics/") as a link under the base URL
//	absURL HREF      a link (from url or .Href) as a full URL when the base
//	                 URL has a host (canonical links, feeds, blockquote cite)
//	asset NAME       the content-hashed link of a theme asset ("style.css")
//	date TIME        "27 November 2026"; empty for a page without a date
//	isoDate TIME     "2026-11-27", for <time datetime>
//	plural N WORD    "1 minute", "3 minutes"
//	excerpt N TEXT   TEXT cut to at most N characters at a word boundary, with "…"
//	join SEP LIST    the texts of LIST joined by SEP
//	cached NAME DATA the partial NAME rendered for DATA, once per build (for
//	                 cards that many lists show)
//
// Every function but cached returns plain strings, never template.HTML or
// template.URL, so html/template escapes front matter text wherever it
// lands; cached returns what html/template itself rendered.
func Funcs(href func(sitePath string) string, absURL func(href string) string) template.FuncMap {
	return template.FuncMap{
		"url":     href,
		"absURL":  absURL,
		"date":    formatDate,
		"isoDate": isoDate,
		"plural":  diag.Count,
		"excerpt": excerpt,
		"join":    func(sep string, list []string) string { return strings.Join(list, sep) },
	}
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func excerpt(n int, s string) string {
	if len(s) <= n && !strings.ContainsAny(s, "\n\t\r  ") {
		return s // short and on one line: the common case, done without copying
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
