package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/gloss-ssg/gloss/internal/version"
)

// newSite is what `gloss init` writes: base/ always, samples/ unless --bare.
// A file in samples/ replaces the one of the same name in base/ (the home
// page that links to the samples).
//
//go:embed all:newsite
var newSite embed.FS

// InitOptions says what kind of site to start.
type InitOptions struct {
	// Title is the site's name; "" makes one from the folder's name.
	Title string
	// Bare leaves out the sample explainer, source, person, term and topic.
	Bare bool
	// Gloss is the gloss that writes the site: its publishing workflow
	// installs the same version.
	Gloss version.Info
}

// ErrSiteExists is returned for a folder that already holds a site.
var ErrSiteExists = errors.New("already holds a site")

// Init writes a new site into dir (created if missing) and returns the
// files written, relative to dir, in order. It refuses a folder that already
// has a gloss.toml or a content/ folder, and a folder where any file it
// would write exists; then it writes nothing at all.
func Init(dir string, opts InitOptions) ([]string, error) {
	for _, marker := range []string{"gloss.toml", "content"} {
		if _, err := os.Lstat(filepath.Join(dir, marker)); err == nil {
			return nil, fmt.Errorf("%s %w (it has %s): gloss init starts a new site and never changes one", dir, ErrSiteExists, marker)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	files, err := siteFiles(opts.Bare)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	var clash []string
	for name := range files {
		names = append(names, name)
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			clash = append(clash, name)
		}
	}
	sort.Strings(names)
	if len(clash) > 0 {
		sort.Strings(clash)
		return nil, fmt.Errorf("%s already has %s: gloss init never overwrites a file; move it away or start the site in another folder", dir, strings.Join(clash, ", "))
	}
	title := opts.Title
	if title == "" {
		title = siteTitle(dir)
	}
	for _, name := range names {
		data, err := fs.ReadFile(newSite, files[name])
		if err != nil {
			return nil, err
		}
		data = []byte(fill(string(data), title, opts.Gloss))
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		if err := writeNew(dst, data); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// siteFiles maps each file a new site gets (slash path in the site) to where
// it is embedded.
func siteFiles(bare bool) (map[string]string, error) {
	files := map[string]string{}
	sets := []string{"newsite/base"}
	if !bare {
		sets = append(sets, "newsite/samples")
	}
	for _, root := range sets {
		err := fs.WalkDir(newSite, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files[strings.TrimPrefix(p, root+"/")] = p
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// writeNew creates path with data, failing rather than replacing a file
// that appeared since Init looked.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// fill puts the site's title and the installing gloss's version into an
// embedded file. The files are copied, not executed as templates: the
// workflow is full of GitHub's own ${{ … }} expressions.
func fill(text, title string, gloss version.Info) string {
	pin, comment := installVersion(gloss)
	quoted := strconv.Quote(title)
	return strings.NewReplacer(
		`"{{title}}"`, quoted,
		"{{module}}", version.Module,
		"{{version}}", pin,
		"{{install-comment}}", comment,
	).Replace(text)
}

// installVersion is the version the publishing workflow installs, and a
// comment to put above it. A release pins itself. Any other build (a
// commit of gloss's repository, uncommitted changes) names nothing another
// machine can install for sure, so the workflow takes the latest release and
// says why, rather than a version that would fail or one that only looks pinned.
func installVersion(gloss version.Info) (pin, comment string) {
	if gloss.IsRelease() {
		return gloss.Version, ""
	}
	return "latest", fmt.Sprintf(`      # This site was started by a development build of gloss (%s), which
      # no other machine can install: this takes the latest release instead.
      # Pin the release you build with locally (gloss version), e.g. @v1.2.3,
      # so that a new release never changes the site by surprise.
`, gloss.Version)
}

// siteTitle makes a site's title from its folder's name: "budget-2024"
// becomes "Budget 2024".
func siteTitle(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	name := path.Base(filepath.ToSlash(abs))
	if t := Title(name); t != "" && name != "/" && name != "." {
		return t
	}
	return "Explainers"
}
