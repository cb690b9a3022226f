package importer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// ErrExists is returned rather than replacing a source page.
var ErrExists = errors.New("already exists")

// Page is the source page's Markdown: front matter with what the document
// says about itself, then the body. from names the imported file.
func (d *Document) Page(from string) []byte {
	var b strings.Builder
	title := d.Meta.Title
	if title == "" {
		title = fileTitle(from)
	}
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(title))
	field := func(key, value, missing string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", key, strconv.Quote(value))
		} else {
			fmt.Fprintf(&b, "# %s: \"\"   %s\n", key, missing)
		}
	}
	field("publisher", d.Meta.Publisher, "# the document does not say: add it")
	if d.Meta.Date != "" {
		fmt.Fprintf(&b, "date: %s\n", d.Meta.Date)
	} else {
		b.WriteString("# date: 2006-01-02   # the document does not say: add it\n")
	}
	field("source_url", d.Meta.URL, "# where readers can find the original: add it")
	fmt.Fprintf(&b, "summary: %s\n", strconv.Quote(fmt.Sprintf("The full text of “%s”, in %d numbered %s.", title, len(d.Paragraphs), diag.Plural(len(d.Paragraphs), "paragraph"))))
	b.WriteString("numbered: true\n---\n\n")
	b.WriteString(d.Body)
	return []byte(b.String())
}

// Write writes the page to content/sources/ID.md in siteDir and returns its
// path. It never replaces a file.
func (d *Document) Write(siteDir, id, from string) (string, error) {
	dir := filepath.Join(siteDir, "content", "sources")
	path := filepath.Join(dir, id+".md")
	if _, err := os.Lstat(path); err == nil {
		return path, fmt.Errorf("%s %w: gloss import never overwrites a file; import with --id to choose another name, or delete the old page first", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return path, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return path, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return path, fmt.Errorf("%s %w: gloss import never overwrites a file", path, ErrExists)
		}
		return path, err
	}
	if _, err := f.Write(d.Page(from)); err != nil {
		f.Close()
		return path, err
	}
	return path, f.Close()
}

// Report tells the author what the import did, what to check, and who the
// text says said what, with paragraph numbers; id is the source's name.
func (d *Document) Report(w io.Writer, path, id, from string) {
	n := len(d.Paragraphs)
	rangeText := ""
	if n > 0 {
		rangeText = fmt.Sprintf(" (¶1–¶%d)", n)
	}
	fmt.Fprintf(w, "wrote %s from %s (%s): %d numbered %s%s, %d %s\n", path, from, d.Format, n, diag.Plural(n, "paragraph"), rangeText, len(d.Headings), diag.Plural(len(d.Headings), "heading"))
	meta := []string{fmt.Sprintf("title %q", orNone(d.Meta.Title, "none found: named after the file"))}
	meta = append(meta, "publisher "+orNone(d.Meta.Publisher, "not stated"), "date "+orNone(d.Meta.Date, "not stated"), "source_url "+orNone(d.Meta.URL, "not stated"))
	fmt.Fprintf(w, "  %s\n", strings.Join(meta, "; "))
	for _, note := range d.Notes {
		fmt.Fprintf(w, "  read: %s\n", note)
	}
	if len(d.Headings) > 0 {
		fmt.Fprintln(w, "headings:")
		for _, h := range d.Headings {
			where := fmt.Sprintf("before ¶%d", h.Before)
			if h.Before > n {
				where = "at the end"
			}
			fmt.Fprintf(w, "  %s %s (%s)\n", strings.Repeat("#", h.Level), h.Text, where)
		}
	}
	if d.Lists > 0 || d.Quotes > 0 {
		fmt.Fprintf(w, "kept but not numbered (only paragraphs get ¶ numbers): %d %s of %d %s, %d block %s\n",
			d.Lists, diag.Plural(d.Lists, "list"), d.ListItems, diag.Plural(d.ListItems, "item"), d.Quotes, diag.Plural(d.Quotes, "quote"))
	}
	if len(d.Dropped) > 0 {
		fmt.Fprintln(w, "left out:")
		for _, x := range d.Dropped {
			fmt.Fprintf(w, "  %s\n", x)
		}
	}
	if s := Suspicious(d.Paragraphs); len(s) > 0 {
		fmt.Fprintf(w, "%d %s to check in %s:\n", len(s), diag.Plural(len(s), "thing"), path)
		for _, f := range s {
			fmt.Fprintf(w, "  ¶%d %s\n", f.Paragraph, f.Msg)
		}
	}
	if a := Attributions(d.Paragraphs); len(a) > 0 {
		fmt.Fprintf(w, "who said what: %d %s to mark up (on the source page with :said[the words]{who=PERSON-ID}, or quoted in an explainer with :::quote{who=PERSON-ID cite=%s#pN}):\n", len(a), diag.Plural(len(a), "sentence"), id)
		for _, x := range a {
			speaker := x.Speaker
			if speaker == "" {
				speaker = "?"
			}
			fmt.Fprintf(w, "  ¶%d %s: %s\n", x.Paragraph, speaker, shorten(x.Sentence, 110))
		}
	}
	fmt.Fprintf(w, "cite a paragraph with :cite[¶1]{src=%s}\n", id)
}

func orNone(s, none string) string {
	if s == "" {
		return "(" + none + ")"
	}
	return s
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n-1]), " ,;") + "…"
}

// fileTitle makes a title from a file's name: "budget-2024.txt" gives
// "Budget 2024".
func fileTitle(from string) string {
	name := strings.TrimSuffix(filepath.Base(from), filepath.Ext(from))
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	if len(words) == 0 {
		return name
	}
	r := []rune(strings.Join(words, " "))
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
