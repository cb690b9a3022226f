package pipeline

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/search"
)

// claims knows, for every file the build will write, what writes it: two
// claimants of one output path would silently overwrite each other, and a
// file where another needs a folder would fail the write with a message
// about the staging folder. Every output path is claimed once, here, before
// anything is written.
type claims struct {
	by map[string]claimant // output path → its first claimant
}

// claimant is a page or file that writes one output path.
type claimant struct {
	name string        // "content/about.md:2:6", "static/robots.txt", "the generated sitemap.xml"
	pos  diag.Position // where an author changes it; empty for generated files
}

func newClaims() *claims { return &claims{by: map[string]claimant{}} }

// claim records that c writes outPath, reporting a clash with an earlier
// claimant as an error naming both.
func (cl *claims) claim(outPath string, c claimant, probs *diag.List) {
	prev, taken := cl.by[outPath]
	if !taken {
		cl.by[outPath] = c
		return
	}
	pos := c.pos
	if pos.File == "" {
		pos = prev.pos
	}
	hint := "rename or move one of them"
	if strings.HasPrefix(prev.name, "the generated ") || strings.HasPrefix(c.name, "the generated ") {
		hint = "to replace the generated file, put yours in static/"
	}
	probs.Errorf(pos, "%s and %s both write %s: %s", prev.name, c.name, outPath, hint)
}

// checkFolders reports every claimed path that needs, as its folder, a
// path another claimant writes as a file (url: /sitemap.xml/ against the
// generated sitemap.xml).
func (cl *claims) checkFolders(probs *diag.List) {
	paths := make([]string, 0, len(cl.by))
	for p := range cl.by {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	reported := map[string]bool{}
	for _, p := range paths {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			file, clash := cl.by[dir]
			if !clash || reported[dir] {
				continue
			}
			reported[dir] = true
			c := cl.by[p]
			pos := c.pos
			if pos.File == "" {
				pos = file.pos
			}
			probs.Errorf(pos, "%s writes %s, which needs %s to be a folder, but %s writes a file there: rename or move one of them", c.name, p, dir, file.name)
		}
	}
}

// claimAll claims the output paths of every page and file the plan
// publishes but the theme's assets (see loadTheme).
func (r *run) claimAll() {
	cl := newClaims()
	r.claims = cl
	pageAt := map[string]bool{}
	for _, p := range r.site.Pages {
		if pageAt[p.OutPath] {
			continue // two pages with one URL: site.Plan has said so
		}
		pageAt[p.OutPath] = true
		name := "the generated " + string(p.Kind) + " page"
		var pos diag.Position
		if p.File != nil {
			pos = p.URLPos()
			name = pos.String()
		}
		cl.claim(p.OutPath, claimant{name: name, pos: pos}, r.probs)
	}
	for _, a := range r.tree.Assets {
		cl.claim(a.Rel, claimant{name: a.Path, pos: diag.Position{File: a.Path}}, r.probs)
	}
	for _, f := range r.statics {
		name, pos := f.path, diag.Position{File: f.path}
		if f.builtin {
			name, pos = f.path+" (built in)", diag.Position{}
		}
		cl.claim(f.rel, claimant{name: name, pos: pos}, r.probs)
	}
	for _, g := range generatedFiles {
		if r.claimed[g.path] {
			r.res.Replaced = append(r.res.Replaced, g.path)
			continue // the site ships its own, as documented
		}
		cl.claim(g.path, claimant{name: fmt.Sprintf("the generated %s", g.path)}, r.probs)
	}
	if r.claimed[search.Path] {
		return // the site ships its own search: gloss writes no index
	}
	// The index's entry, and its pieces, whose names the build gives them
	// later: a file where their folder goes is claimed against a path that
	// stands for them all.
	cl.claim(search.Path, claimant{name: "the generated " + search.Path}, r.probs)
	cl.claim(search.Dir+"/*.js", claimant{name: "the generated search index"}, r.probs)
}
