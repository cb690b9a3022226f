// Package scaffold starts new content files (`gloss new KIND NAME`) with the
// front matter each kind of page needs, so an author fills in blanks rather
// than remembering field names.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/gloss-ssg/gloss/generator/site"
)

// kind is what `gloss new` can start.
type kind struct {
	dir, layout, sectionTitle string
	front                     string // front matter and body; %[1]s is the title, %[2]s today's date
}

var kinds = map[string]kind{
	"explainer": {"explainers", "explainer", "Explainers", `---
title: %[1]q
dek: ""          # one sentence under the title: the question the page answers
summary: ""      # in brief: three to five plain sentences
date: %[2]s
weight: 0        # reading order in the section (1 first); 0 puts it after those with one
topics: []
draft: true      # remove when it is ready to publish
---

## A heading that says what the section shows

Write the explainer here.

<!--
Cite the source:        :cite[¶1]{src=SOURCE-ID}
Mark a term of art:     :term[the words]{id=TERM-ID}
Name a person:          :person{id=PERSON-ID}
Quote a person:
:::quote{who=PERSON-ID cite=SOURCE-ID#p17}
the words exactly as the source gives them
:::
-->
`},
	"person": {"people", "person", "People", `---
title: %[1]q
role: ""           # as the source gives it
organisation: ""
summary: ""
---

Who they are in the source, and what they said.
`},
	"term": {"glossary", "term", "Glossary", `---
title: %[1]q
aliases: []
definition: ""     # one sentence, shown where the term is used
summary: ""
---

What the term means in the source, with citations.
`},
	"source": {"sources", "source", "Sources", `---
title: %[1]q
publisher: ""
date: %[2]s
source_url: ""
summary: ""
---

<!-- Paste the source here, one paragraph per Markdown paragraph. Each is
numbered ¶1, ¶2 … and can be cited as :cite[¶1]{src=THIS-FILE'S-NAME}.
Mark the words the source gives to someone, leaving them as they are:
:said[the words]{who=PERSON-ID}. Inside quotation marks they are quoted
directly; outside ("she said that …") they are reported. -->
`},
}

// Kinds lists what can be started, sorted.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ErrExists is returned rather than overwriting a file.
var ErrExists = errors.New("already exists")

// New writes content/<section>/<slug>.md for a new page of kind in siteDir,
// and the section's _index.md if the section is new. It returns the path
// written. It never overwrites a file.
func New(siteDir, kindName, name string, now time.Time) (string, error) {
	k, ok := kinds[kindName]
	if !ok {
		return "", fmt.Errorf("cannot start a %q: choose one of %s", kindName, strings.Join(Kinds(), ", "))
	}
	slug := site.Slugify(name)
	if slug == "" {
		return "", fmt.Errorf("%q has no letters or digits to make a file name from", name)
	}
	dir := filepath.Join(siteDir, "content", k.dir)
	path := filepath.Join(dir, slug+".md")
	if _, err := os.Stat(path); err == nil {
		return path, fmt.Errorf("%s %w: gloss new never overwrites a file", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return path, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return path, err
	}
	index := filepath.Join(dir, "_index.md")
	if _, err := os.Stat(index); errors.Is(err, fs.ErrNotExist) {
		body := fmt.Sprintf("---\ntitle: %s\npage_layout: %s\n---\n", k.sectionTitle, k.layout)
		if err := os.WriteFile(index, []byte(body), 0o644); err != nil {
			return path, err
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return path, fmt.Errorf("%s %w: gloss new never overwrites a file", path, ErrExists)
		}
		return path, err
	}
	defer f.Close()
	_, err = fmt.Fprintf(f, k.front, titleFor(kindName, name), now.Format("2006-01-02"))
	return path, err
}

// Title makes a page title from a name as typed on the command line. A name
// with a capital letter is the author's own title and is kept as written;
// otherwise the words (split at spaces, hyphens and underscores, so
// "core-technologies" and "core technologies" give the same title) are
// written in sentence case, as the built-in sections title their pages
// ("Core technologies"), and a person's name has every word capitalised
// ("Li Keqiang").
func Title(name string) string { return titleFor("", name) }

func titleFor(kindName, name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) })
	for _, r := range name {
		if unicode.IsUpper(r) {
			return strings.Join(strings.Fields(name), " ")
		}
	}
	for i, w := range words {
		if i == 0 || kindName == "person" {
			r := []rune(w)
			r[0] = unicode.ToUpper(r[0])
			words[i] = string(r)
		}
	}
	return strings.Join(words, " ")
}
