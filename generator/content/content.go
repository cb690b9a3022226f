// Package content loads a site folder's content/ tree: every Markdown file
// with its front matter read into Meta, and every other file as an asset to
// copy beside the pages.
package content

import (
	"context"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/frontmatter"
	"github.com/gloss-ssg/gloss/generator/parallel"
	"github.com/gloss-ssg/gloss/generator/textfile"
)

// Dir is the folder of a site that holds its pages.
const Dir = "content"

// File is one Markdown file of the site.
type File struct {
	// Path is relative to the site folder ("content/explainers/chips.md"): the
	// name an author sees in errors.
	Path string
	// Rel is relative to content/ ("explainers/chips.md").
	Rel  string
	Body []byte
	// BodyLine is the file line on which Body starts.
	BodyLine int
	Meta     Meta
	// FrontMatterBroken is set when the front matter could not be read:
	// its fields are missing because of that error, not left out.
	FrontMatterBroken bool
}

// IsIndex reports whether the file is a section's _index.md.
func (f *File) IsIndex() bool { return path.Base(f.Rel) == "_index.md" }

// Dir is the content-relative folder holding the file ("" at the top).
func (f *File) Dir() string {
	d := path.Dir(f.Rel)
	if d == "." {
		return ""
	}
	return d
}

// Meta is what the front matter says about a page.
type Meta struct {
	Title   string
	Dek     string // one sentence under the title
	Summary string // the "in brief" text, also the meta description
	Date    time.Time
	// Updated is when the page was last revised, if it says so.
	Updated time.Time
	// Corrections are the page's published corrections, in the order written.
	Corrections []frontmatter.Correction
	Weight      int
	Draft       bool
	Topics      []string
	Slug        string
	URL         string
	Layout      string
	// PageLayout, on a section's _index.md, is the layout of the section's pages.
	PageLayout string
	// Params holds every front matter key, the known ones included, for templates.
	Params map[string]any
	// Pos remembers where each key was written.
	Pos map[string]diag.Position
}

// Asset is a non-Markdown file under content/, copied to the same place in
// the output (an image beside the explainer that shows it).
type Asset struct {
	Path string // relative to the site folder
	Rel  string // relative to content/
}

// Tree is everything under content/.
type Tree struct {
	Files  []*File // sorted by Rel
	Assets []Asset // sorted by Rel
}

// Cache remembers parsed files between loads (the preview server): a file
// whose size and modification time are unchanged is not read again.
type Cache struct {
	files map[string]cachedFile
}

type cachedFile struct {
	size    int64
	modTime time.Time
	file    *File
	probs   []diag.Problem
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cachedFile{}} }

// Put records a file read and parsed elsewhere (the preview applying an
// edit): the next load takes it as it is if the file is still as info says.
func (c *Cache) Put(path string, info fs.FileInfo, f *File) {
	c.files[path] = cachedFile{size: info.Size(), modTime: info.ModTime(), file: f}
}

// Forget makes the next load read the file at path again.
func (c *Cache) Forget(path string) { delete(c.files, path) }

// Load reads content/ from site. Problems in one file do not stop the others
// from loading; every problem is returned.
func Load(site fs.FS) (*Tree, *diag.List) { return LoadCached(site, nil) }

// LoadCached is Load that reuses files unchanged since the cache saw them.
// A nil cache reads everything.
func LoadCached(site fs.FS, cache *Cache) (*Tree, *diag.List) {
	probs := &diag.List{}
	tree := &Tree{}
	seen, toRead := listFiles(site, cache, tree, probs)
	for i, c := range readFiles(site, toRead) {
		if c.file != nil {
			seen[toRead[i].path] = c
		} else {
			probs.Add(c.probs...)
		}
	}
	for _, c := range seen {
		tree.Files = append(tree.Files, c.file)
		probs.Add(c.probs...)
	}
	if cache != nil {
		cache.files = seen // files that disappeared are forgotten
	}
	sort.Slice(tree.Files, func(i, j int) bool { return tree.Files[i].Rel < tree.Files[j].Rel })
	sort.Slice(tree.Assets, func(i, j int) bool { return tree.Assets[i].Rel < tree.Assets[j].Rel })
	return tree, probs
}

// fileToRead is a Markdown file new or changed since the cache saw it.
type fileToRead struct {
	path, rel string
	info      fs.FileInfo
}

// listFiles walks content/, adding its assets to tree, and returns the Markdown
// files the cache holds unchanged and those to read.
func listFiles(site fs.FS, cache *Cache, tree *Tree, probs *diag.List) (map[string]cachedFile, []fileToRead) {
	var toRead []fileToRead
	seen := map[string]cachedFile{}
	err := fs.WalkDir(site, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			probs.Errorf(diag.Position{File: p}, "cannot read: %v", err)
			return nil
		}
		if p != Dir && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel := strings.TrimPrefix(p, Dir+"/")
		if !strings.HasSuffix(p, ".md") {
			tree.Assets = append(tree.Assets, Asset{Path: p, Rel: rel})
			return nil
		}
		info, err := d.Info()
		if err != nil {
			probs.Errorf(diag.Position{File: p}, "cannot read: %v", err)
			return nil
		}
		if cache != nil {
			if c, ok := cache.files[p]; ok && c.size == info.Size() && c.modTime.Equal(info.ModTime()) {
				seen[p] = c
				return nil
			}
		}
		toRead = append(toRead, fileToRead{p, rel, info})
		return nil
	})
	if err != nil {
		probs.Errorf(diag.Position{File: Dir}, "cannot read the content folder: %v", err)
	}
	return seen, toRead
}

// readFiles reads and parses files on every core (front matter parsing is
// most of loading); a file that cannot be read has no file, only problems.
func readFiles(site fs.FS, files []fileToRead) []cachedFile {
	read := make([]cachedFile, len(files))
	parallel.Each(context.Background(), len(files), runtime.GOMAXPROCS(0), func(_, i int) {
		t := files[i]
		fileProbs := &diag.List{}
		src, err := fs.ReadFile(site, t.path)
		if err != nil {
			fileProbs.Errorf(diag.Position{File: t.path}, "cannot read: %v", err)
			read[i] = cachedFile{probs: fileProbs.Sorted()}
			return
		}
		f := Parse(t.path, t.rel, src, fileProbs)
		read[i] = cachedFile{size: t.info.Size(), modTime: t.info.ModTime(), file: f, probs: fileProbs.Sorted()}
	})
	return read
}

// Parse reads one Markdown file's front matter into a File. The file's
// bytes pass through textfile.Clean first: whatever its encoding
// accidents, the rest of the build reads UTF-8 with "\n" line ends.
func Parse(sitePath, rel string, src []byte, probs *diag.List) *File {
	src, textProbs := textfile.Clean(sitePath, src)
	probs.Add(textProbs...)
	doc, fmProbs := frontmatter.Parse(sitePath, src)
	probs.Add(fmProbs...)
	r := frontmatter.Reader{Fields: doc.Fields, Probs: probs}
	m := Meta{
		Title:       r.String("title"),
		Dek:         r.String("dek"),
		Summary:     r.String("summary"),
		Date:        r.Date("date"),
		Updated:     r.Date("updated"),
		Corrections: r.Corrections("corrections"),
		Weight:      r.Int("weight"),
		Draft:       r.Bool("draft"),
		Topics:      r.Strings("topics"),
		Slug:        r.String("slug"),
		URL:         r.String("url"),
		Layout:      r.String("layout"),
		PageLayout:  r.String("page_layout"),
		Params:      make(map[string]any, len(doc.Fields)),
		Pos:         make(map[string]diag.Position, len(doc.Fields)),
	}
	for _, f := range doc.Fields {
		m.Params[f.Key] = f.Value
		m.Pos[f.Key] = f.Pos
		if !knownField[f.Key] {
			if s := diag.Suggest(f.Key, KnownFields); s != "" {
				probs.Warnf(f.Pos, "unknown front matter field %q (did you mean %q?): as written, gloss and the themes ignore it", f.Key, s)
			}
		}
	}
	checkRevisionDates(m, probs)
	return &File{Path: sitePath, Rel: rel, Body: doc.Body, BodyLine: doc.BodyLine, Meta: m, FrontMatterBroken: len(fmProbs) > 0 && len(doc.Fields) == 0}
}

// PagePath reports whether sitePath (relative to the site folder, with
// slashes, as a watcher names a changed file) is a page a load would read,
// and its path relative to content/.
func PagePath(sitePath string) (rel string, ok bool) {
	rel, ok = strings.CutPrefix(sitePath, Dir+"/")
	if !ok || !strings.HasSuffix(rel, ".md") {
		return "", false
	}
	for _, part := range strings.Split(rel, "/") {
		if Ignored(part) {
			return "", false
		}
	}
	return rel, true
}

// ReadPage reads and parses one page from site as a load would, for a
// caller told that the file changed: sitePath is relative to the site
// folder. ok is false when it is not a page or cannot be read (a load
// reports why); problems in the file go to probs.
func ReadPage(site fs.FS, sitePath string, probs *diag.List) (f *File, info fs.FileInfo, ok bool) {
	rel, ok := PagePath(sitePath)
	if !ok {
		return nil, nil, false
	}
	info, err := fs.Lstat(site, sitePath) // a link goes through a full load, which checks where it leads
	if err != nil || !info.Mode().IsRegular() {
		return nil, nil, false
	}
	src, err := fs.ReadFile(site, sitePath)
	if err != nil {
		return nil, nil, false
	}
	return Parse(sitePath, rel, src, probs), info, true
}

// checkRevisionDates refuses a page revised before it was published: an
// updated date or a correction dated before its date is a typo that would
// tell readers the wrong story.
func checkRevisionDates(m Meta, probs *diag.List) {
	if m.Date.IsZero() {
		return
	}
	published := m.Date.Format("2006-01-02")
	if !m.Updated.IsZero() && m.Updated.Before(m.Date) {
		probs.Errorf(m.Pos["updated"], "updated %s is before the page's date %s: a page cannot be updated before it is published", m.Updated.Format("2006-01-02"), published)
	}
	for i, c := range m.Corrections {
		if c.Date.Before(m.Date) {
			probs.Errorf(m.Pos["corrections"], "correction %d is dated %s, before the page's date %s: a page cannot be corrected before it is published", i+1, c.Date.Format("2006-01-02"), published)
		}
	}
}

// KnownFields are the front matter fields gloss and its built-in themes
// read. Any other field is kept for a site's own templates, but one that
// is a letter or two from a known field is most likely a typo of it
// (tittle, summery, topic), and gets a warning.
var KnownFields = []string{
	"title", "dek", "summary", "date", "weight", "draft", "topics", "slug", "url", "layout", "page_layout",
	"role", "organisation", "definition", "aliases", "numbered", "publisher", "source_url", "archive_url",
	"updated", "corrections", "authors", "unnamed_speakers", "kind",
}

var knownField = func() map[string]bool {
	m := make(map[string]bool, len(KnownFields))
	for _, k := range KnownFields {
		m[k] = true
	}
	return m
}()

// PosOf is where key was written, or the file's first line when it was not.
func (f *File) PosOf(key string) diag.Position {
	if p, ok := f.Meta.Pos[key]; ok {
		return p
	}
	return diag.Position{File: f.Path, Line: 1, Col: 1}
}

// Ignored reports whether a file or folder name is never part of a site:
// dotfiles, and the swap, backup and temporary files editors leave behind
// (vim's .x.swp, x~ and 4913, Emacs' #x#, JetBrains' x___jb_tmp___).
func Ignored(name string) bool {
	switch {
	case name == "" || strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		name == "4913":
		return true
	}
	return false
}
