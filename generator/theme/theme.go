// Package theme loads a theme: a folder templates/<name>/ of html/template
// layouts and partials plus assets, layered over the theme it extends, with a
// site's own templates/ overriding the built-in ones file by file. Templates
// are parsed once per build; pages only execute them.
package theme

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/frontmatter"
	"github.com/gloss-ssg/gloss/generator/textfile"
)

// Dir is the folder of a site (and of gloss itself) that holds the themes.
const Dir = "templates"

// Layer is one place themes are read from: a site's own folder, or the
// themes built into gloss. Each holds templates/<theme>/….
type Layer struct {
	FS fs.FS
	// Label is shown in messages after the file's path ("built in"), or "".
	Label string
}

// Meta is a theme's theme.toml.
type Meta struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Extends     string `toml:"extends"`
	Highlight   struct {
		Light string `toml:"light"`
		Dark  string `toml:"dark"`
	} `toml:"highlight"`
}

// Theme is a loaded, parsed theme.
type Theme struct {
	Name string
	// Chain is the theme and the themes it extends, nearest first.
	Chain   []string
	Meta    Meta
	layouts map[string]*template.Template
	assets  map[string]Asset
	// files maps a theme-relative path to where it was found, for the README's
	// lookup order and for tests.
	files map[string]file
	href  func(string) string
	// root holds the partials and annotation templates, for rendering them
	// outside a layout (annotations inside Markdown).
	root  *template.Template
	cache sync.Map // cached partials, see cachedPartial
	// fingerprint is a hash of every file of the theme, so a preview can tell
	// whether what a page was rendered with has changed.
	fingerprint [32]byte
	// convFingerprint covers only what conversions read (see reach.go).
	convFingerprint [32]byte
	// otherReads names what layouts read of other pages (see fields.go).
	otherReads    map[string]bool
	otherReadsAll bool
}

// Fingerprint changes whenever any file of the theme changes.
func (t *Theme) Fingerprint() [32]byte { return t.fingerprint }

// Asset is a file a theme publishes under a content-hashed name.
type Asset struct {
	Name    string // as templates ask for it: "style.css"
	OutPath string // "assets/style.1a2b3c4d5e.css"
	Data    []byte
}

type file struct {
	layer   Layer
	display string // "templates/briefing/layouts/home.html"
	fsPath  string
}

// Options say which theme to load and how its templates reach the site.
type Options struct {
	// Layers are searched in order: a site's own files before the built-in ones.
	Layers []Layer
	Name   string
	// Funcs are the site's template functions (see Funcs).
	Funcs template.FuncMap
	// Href turns a site path into a link under the base URL, for assets.
	Href func(sitePath string) string
}

// Load reads and parses a theme. Every problem found is returned.
func Load(opts Options) (*Theme, *diag.List) {
	probs := &diag.List{}
	t := &Theme{Name: opts.Name, layouts: map[string]*template.Template{}, assets: map[string]Asset{}, files: map[string]file{}, href: opts.Href}
	if t.href == nil {
		t.href = func(p string) string { return p }
	}
	if !t.resolveChain(opts.Layers, probs) {
		return t, probs
	}
	t.collectFiles(opts.Layers)
	t.computeFingerprint()
	t.loadAssets(probs)
	t.parse(opts.Funcs, probs)
	t.computeConversionFingerprint()
	t.computeOtherReads()
	return t, probs
}

func (t *Theme) resolveChain(layers []Layer, probs *diag.List) bool {
	seen := map[string]bool{}
	for name := t.Name; name != ""; {
		if seen[name] {
			probs.Errorf(diag.Position{File: Dir + "/" + name + "/theme.toml"}, "theme %q extends itself through %s", name, strings.Join(t.Chain, " → "))
			return false
		}
		seen[name] = true
		meta, found, err := readMeta(layers, name)
		if err != nil {
			probs.Add(*err)
			return false
		}
		if !found {
			msg := fmt.Sprintf("no theme %q: there is no %s/%s/theme.toml%s", name, Dir, name, diag.DidYouMean(name, available(layers)))
			if len(t.Chain) > 0 {
				probs.Errorf(diag.Position{File: Dir + "/" + t.Chain[len(t.Chain)-1] + "/theme.toml"}, "%s", msg)
			} else {
				probs.Errorf(diag.Position{}, "%s", msg)
			}
			return false
		}
		if len(t.Chain) == 0 {
			t.Meta = meta
		} else {
			// A child theme inherits highlight styles it does not set.
			if t.Meta.Highlight.Light == "" {
				t.Meta.Highlight.Light = meta.Highlight.Light
			}
			if t.Meta.Highlight.Dark == "" {
				t.Meta.Highlight.Dark = meta.Highlight.Dark
			}
		}
		t.Chain = append(t.Chain, name)
		name = meta.Extends
	}
	return true
}

func readMeta(layers []Layer, name string) (Meta, bool, *diag.Problem) {
	p := path.Join(Dir, name, "theme.toml")
	for _, l := range layers {
		data, err := fs.ReadFile(l.FS, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		var m Meta
		if err == nil {
			var textProbs []diag.Problem
			if data, textProbs = textfile.Clean(p, data); len(textProbs) > 0 {
				return m, true, &textProbs[0]
			}
			if deep, ok := frontmatter.DeepNesting(p, data, 1); ok {
				return m, true, &deep
			}
			_, err = toml.Decode(string(data), &m)
		}
		if err != nil {
			pos := diag.Position{File: p}
			var pe toml.ParseError
			if errors.As(err, &pe) {
				pos.Line, pos.Col, err = pe.Position.Line, max(pe.Position.Col, 1), errors.New(pe.Message)
			}
			return m, true, &diag.Problem{Pos: pos, Msg: err.Error()}
		}
		return m, true, nil
	}
	return Meta{}, false, nil
}

func available(layers []Layer) []string {
	var names []string
	for _, l := range layers {
		entries, _ := fs.ReadDir(l.FS, Dir)
		for _, e := range entries {
			if e.IsDir() {
				names = append(names, e.Name())
			}
		}
	}
	return names
}

// collectFiles decides, for every file any theme in the chain has, which copy
// wins: the nearest theme first, and within one theme the site's copy before
// the built-in one.
func (t *Theme) collectFiles(layers []Layer) {
	for _, name := range t.Chain {
		for _, l := range layers {
			root := path.Join(Dir, name)
			_ = fs.WalkDir(l.FS, root, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(d.Name(), "~") {
					return nil
				}
				rel := strings.TrimPrefix(p, root+"/")
				if _, taken := t.files[rel]; !taken {
					t.files[rel] = file{layer: l, display: p, fsPath: p}
				}
				return nil
			})
		}
	}
}

// Source says where a theme-relative file ("layouts/home.html") comes from,
// or "" when no theme in the chain has it.
func (t *Theme) Source(rel string) string {
	f, ok := t.files[rel]
	if !ok {
		return ""
	}
	if f.layer.Label != "" {
		return f.display + " (" + f.layer.Label + ")"
	}
	return f.display
}

func (t *Theme) read(rel string) ([]byte, error) {
	f := t.files[rel]
	return fs.ReadFile(f.layer.FS, f.fsPath)
}

// readText reads a template as text (textfile.Clean): a template saved with
// CRLF line ends renders exactly as the same template with LF.
func (t *Theme) readText(rel string, probs *diag.List) ([]byte, bool) {
	src, err := t.read(rel)
	if err != nil {
		probs.Errorf(diag.Position{File: t.files[rel].display}, "cannot read: %v", err)
		return nil, false
	}
	src, textProbs := textfile.Clean(t.files[rel].display, src)
	probs.Add(textProbs...)
	return src, true
}

func (t *Theme) computeFingerprint() {
	h := sha256.New()
	for _, rel := range t.sortedFiles("") {
		data, _ := t.read(rel)
		fmt.Fprintf(h, "%s\x00%d\x00", t.files[rel].display, len(data))
		h.Write(data)
	}
	copy(t.fingerprint[:], h.Sum(nil))
}

func (t *Theme) sortedFiles(dir string) []string {
	var out []string
	for rel := range t.files {
		if dir == "" || strings.HasPrefix(rel, dir+"/") {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// parse parses partials and base once into a root set, then each layout into
// its own clone of it (layouts redefine base's blocks, so each needs its own
// namespace; the cloning happens once per theme, never per page).
func (t *Theme) parse(funcs template.FuncMap, probs *diag.List) {
	root := template.New("").Funcs(funcs).Funcs(template.FuncMap{"asset": t.assetFunc, "cached": t.cachedPartial})
	ok := true
	for _, rel := range t.sortedFiles("partials") {
		name := strings.TrimSuffix(strings.TrimPrefix(rel, "partials/"), ".html")
		ok = t.parseInto(root, rel, name, probs) && ok
	}
	for _, rel := range t.sortedFiles("annotations") {
		name := "annotation/" + strings.TrimSuffix(strings.TrimPrefix(rel, "annotations/"), ".html")
		ok = t.parseInto(root, rel, name, probs) && ok
	}
	if _, has := t.files["layouts/base.html"]; !has {
		probs.Errorf(diag.Position{File: path.Join(Dir, t.Name, "layouts/base.html")}, "theme %q has no base layout; looked in %s", t.Name, t.lookedIn("layouts/base.html"))
		return
	}
	ok = t.parseInto(root, "layouts/base.html", "base", probs) && ok
	if !ok {
		return
	}
	t.root = root
	for _, rel := range t.sortedFiles("layouts") {
		name := strings.TrimSuffix(strings.TrimPrefix(rel, "layouts/"), ".html")
		if name == "base" || !strings.HasSuffix(rel, ".html") {
			continue
		}
		clone, err := root.Clone()
		if err != nil {
			probs.Errorf(diag.Position{File: t.files[rel].display}, "%v", err)
			continue
		}
		src, ok := t.readText(rel, probs)
		if !ok {
			continue
		}
		if _, err := clone.New(t.files[rel].display).Parse(string(src)); err != nil {
			probs.Add(Problem(err))
			continue
		}
		t.unusedBlocks(clone, t.files[rel].display, probs)
		t.layouts[name] = clone
	}
}

// unusedBlocks reports the templates a layout file defines that nothing
// calls: base.html lacks the {{block}} the layout fills, so that part of
// the page would be left out without a word (the search page's engine, from
// "head-scripts", in a theme whose base.html came from an older gloss).
func (t *Theme) unusedBlocks(layout *template.Template, file string, probs *diag.List) {
	called := map[string]bool{}
	for _, tmpl := range layout.Templates() {
		if tmpl.Tree == nil {
			continue
		}
		uses, _, ok := references(tmpl.Tree.Root)
		if !ok {
			return // a template named by a variable: any may be called
		}
		for _, u := range uses {
			called[u] = true
		}
	}
	var unused []string
	for _, tmpl := range layout.Templates() {
		if tmpl.Tree != nil && tmpl.Tree.ParseName == file && tmpl.Name() != file && !called[tmpl.Name()] {
			unused = append(unused, tmpl.Name())
		}
	}
	sort.Strings(unused)
	for _, name := range unused {
		probs.Errorf(diag.Position{File: file}, "this layout fills the block %q, which the base layout (%s) does not have: add {{block %q .}}{{end}} where it belongs", name, t.files["layouts/base.html"].display, name)
	}
}

// parseInto parses a file as the named template. The file's text is wrapped
// in a define on its first line, so line numbers in errors stay the file's.
func (t *Theme) parseInto(root *template.Template, rel, name string, probs *diag.List) bool {
	src, ok := t.readText(rel, probs)
	if !ok {
		return false
	}
	// The file's final line break is not part of the template: inline
	// annotations would otherwise end in a space before the next word.
	body := strings.TrimSuffix(strings.TrimSuffix(string(src), "\n"), "\r")
	wrapped := `{{define "` + name + `"}}` + body + `{{end}}`
	if _, err := root.New(t.files[rel].display).Parse(wrapped); err != nil {
		probs.Add(Problem(err))
		return false
	}
	return true
}

// Layouts lists the theme's layout names, sorted.
func (t *Theme) Layouts() []string {
	var out []string
	for name := range t.layouts {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the theme has a layout.
func (t *Theme) Has(layout string) bool { return t.layouts[layout] != nil }

// MissingLayout explains an unknown layout: the paths looked up and the
// closest layout name.
func (t *Theme) MissingLayout(layout string) string {
	if layout == "base" {
		// layouts/base.html exists, but as the frame of every layout.
		return fmt.Sprintf("layout %q is the frame every page is drawn in, not a layout of its own: choose one of %s", layout, quoteList(t.Layouts()))
	}
	rel := "layouts/" + layout + ".html"
	return fmt.Sprintf("unknown layout %q: looked for %s%s", layout, t.lookedIn(rel), diag.DidYouMean(layout, t.Layouts()))
}

func quoteList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}

func (t *Theme) lookedIn(rel string) string {
	var paths []string
	for _, name := range t.Chain {
		paths = append(paths, path.Join(Dir, name, rel))
	}
	return strings.Join(paths, ", ")
}

// cachedPartial is the template function `cached "card" .`: the partial's
// output for that data, rendered once per build however many lists show
// it. A page's card appears on its section's list, on every topic hub it
// belongs to and on the home page; rendering it once made list pages cheap.
func (t *Theme) cachedPartial(name string, data any) (template.HTML, error) {
	type key struct {
		name string
		data any
	}
	k := key{name, data}
	if v, ok := t.cache.Load(k); ok {
		return v.(template.HTML), nil
	}
	var b strings.Builder
	if err := t.root.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	html := template.HTML(b.String()) // html/template's own, escaped output
	t.cache.Store(k, html)
	return html, nil
}

// Broken reports whether the theme could not be loaded: nothing can be
// rendered with it.
func (t *Theme) Broken() bool { return t.root == nil }

// HasTemplate reports whether the theme defines a named template, such as
// "annotation/quote" or the partial "cited-by".
func (t *Theme) HasTemplate(name string) bool { return t.root != nil && t.root.Lookup(name) != nil }

// RenderPartial executes a partial by name, for HTML gloss inserts into page
// bodies (a source paragraph's "cited by" list).
func (t *Theme) RenderPartial(w io.Writer, name string, data any) error {
	if err := t.root.ExecuteTemplate(w, name, data); err != nil {
		return &TemplateError{Problem(err)}
	}
	return nil
}

// RenderAnnotation implements annotate.Templates with the theme's
// annotations/<kind>.html.
func (t *Theme) RenderAnnotation(w io.Writer, a *annotate.Annotation) error {
	return t.RenderPartial(w, "annotation/"+a.Kind, a)
}

// MissingAnnotations lists the kinds of a vocabulary the theme has no
// template for, with the path each should have.
func (t *Theme) MissingAnnotations(kinds []string) []string {
	var out []string
	for _, k := range kinds {
		if !t.HasTemplate("annotation/" + k) {
			out = append(out, path.Join(Dir, t.Name, "annotations", k+".html"))
		}
	}
	return out
}

// TemplateError is a template failure with its position in the template file.
type TemplateError struct{ P diag.Problem }

func (e *TemplateError) Error() string { return e.P.String() }

// Problem returns the positioned problem.
func (e *TemplateError) Problem() diag.Problem { return e.P }

// Execute renders data with a layout into w.
func (t *Theme) Execute(w io.Writer, layout string, data any) error {
	tmpl := t.layouts[layout]
	if tmpl == nil {
		return errors.New(t.MissingLayout(layout))
	}
	return tmpl.ExecuteTemplate(w, "base", data)
}

var (
	templateErr  = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)
	executingErr = regexp.MustCompile(`^executing "[^"]*" at (<.*?>): (.*)$`)
)

// Problem turns an html/template error into a positioned problem:
// "templates/briefing/layouts/home.html:12:5: …". Parse errors have a line
// only; execution errors a line and column.
func Problem(err error) diag.Problem {
	msg := err.Error()
	m := templateErr.FindStringSubmatch(msg)
	if m == nil {
		return diag.Problem{Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	if m[3] != "" {
		col++ // text/template counts columns from 0
	}
	text := m[4]
	if e := executingErr.FindStringSubmatch(text); e != nil {
		text = "at " + e[1] + ": " + e[2]
	}
	return diag.Problem{Pos: diag.Position{File: m[1], Line: line, Col: col}, Msg: text}
}
