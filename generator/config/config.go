// Package config reads the site configuration, gloss.toml in the site folder.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/frontmatter"
	"github.com/gloss-ssg/gloss/generator/textfile"
)

// FileName is the site configuration's name inside the site folder.
const FileName = "gloss.toml"

// Config is what a site author can set for the whole site.
type Config struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	// BaseURL is where the site is published, e.g. https://example.org/sub/.
	// Only its path matters for links inside the site; the whole URL is used
	// for canonical links and feeds.
	BaseURL  string `toml:"base_url"`
	Language string `toml:"language"`
	Theme    string `toml:"theme"`
	// UnsafeHTML lets raw HTML written in Markdown through. Off by default:
	// explainers are often written by many hands, and raw HTML can break a page
	// or carry script.
	UnsafeHTML bool `toml:"unsafe_html"`
	// WordsPerMinute sets the reading-time estimate.
	WordsPerMinute int `toml:"words_per_minute"`
	// AutoLinkTerms links the first use of each glossary term on a page to
	// its entry, as if the author had written :term[…]{id=…}.
	AutoLinkTerms bool `toml:"auto_link_terms"`
	// AutoLinkTermsInSources marks terms in the text of sources too; off
	// by default, since a source is read as its own words. Only links are
	// added: not a character of the text changes.
	AutoLinkTermsInSources bool `toml:"auto_link_terms_in_sources"`
	// Publisher is who stands behind the site, shown in every page's footer
	// and in citations of its pages.
	Publisher string `toml:"publisher"`
	// Authors are the explainers' authors unless a page names its own.
	Authors []string `toml:"authors"`
	// Contact is how readers reach the publisher: a URL, a site path or an
	// e-mail address.
	Contact string `toml:"contact"`
	// RelativeURLs writes every link to the site relative to the page, with
	// index.html spelled out, so the built folder works opened from the disk
	// (file://) or copied under any path.
	RelativeURLs bool `toml:"relative_urls"`
}

// Default is the configuration of a site folder with no gloss.toml.
func Default() Config {
	return Config{
		Title:          "gloss site",
		BaseURL:        "/",
		Language:       "en",
		Theme:          "briefing",
		WordsPerMinute: 220,
	}
}

// Load reads FileName from site, if present, over the defaults.
func Load(site fs.FS) (Config, *diag.List) {
	cfg := Default()
	probs := &diag.List{}
	data, err := fs.ReadFile(site, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, probs
	}
	if err != nil {
		probs.Errorf(diag.Position{File: FileName}, "cannot read: %v", err)
		return cfg, probs
	}
	data, textProbs := textfile.Clean(FileName, data)
	probs.Add(textProbs...)
	if p, deep := frontmatter.DeepNesting(FileName, data, 1); deep {
		probs.Add(p)
		return cfg, probs
	}
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		pos := diag.Position{File: FileName, Line: 1, Col: 1}
		msg := err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos.Line, pos.Col, msg = pe.Position.Line, max(pe.Position.Col, 1), pe.Message
		}
		probs.Errorf(pos, "%s", msg)
		return cfg, probs
	}
	known := []string{"title", "description", "base_url", "language", "theme", "unsafe_html", "words_per_minute", "auto_link_terms", "auto_link_terms_in_sources", "relative_urls", "publisher", "authors", "contact"}
	lines := strings.Split(string(data), "\n")
	keyLines := frontmatter.IndexTOMLKeys(FileName, string(data), 1)
	for _, k := range md.Undecoded() {
		pos := keyLines.Pos(k[0])
		probs.Errorf(pos, "unknown setting %q%s", k.String(), diag.DidYouMean(k.String(), known))
	}
	if err := cfg.SetBaseURL(cfg.BaseURL); err != nil {
		probs.Errorf(valuePos(lines, "base_url"), "base_url %v", err)
	}
	if strings.TrimSpace(cfg.Theme) == "" {
		probs.Errorf(valuePos(lines, "theme"), "theme is empty: name a theme, such as %q (a folder of templates/), or leave the setting out", Default().Theme)
		cfg.Theme = Default().Theme // check the rest of the site against the default
	}
	if cfg.WordsPerMinute <= 0 {
		probs.Errorf(valuePos(lines, "words_per_minute"), "words_per_minute must be a positive number, such as %d", Default().WordsPerMinute)
		cfg.WordsPerMinute = 220
	}
	return cfg, probs
}

// SetBaseURL checks and normalises a base URL so that it always ends in "/".
// A base URL is an absolute http(s) URL with a host, or a path from the
// root; either way its path is clean (no "." or ".." or empty parts, no
// %-escapes) and it has no query or fragment: every link the site makes to
// itself starts with its path, so anything else would make links that
// leave the site or climb out of it.
func (c *Config) SetBaseURL(raw string) error {
	if raw == "" {
		raw = "/"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL: write https://example.org/ or a path such as /sub/", raw)
	}
	switch {
	case strings.ContainsAny(raw, "?#"):
		return fmt.Errorf("%q has a ?query or #fragment: a base URL is where the site starts, such as https://example.org/sub/", raw)
	case u.Scheme == "" && strings.HasPrefix(raw, "//"):
		return fmt.Errorf("%q starts with //, which names a host without a scheme: write https:%s, or a path with a single /", raw, raw)
	case u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https",
		u.Scheme == "" && !strings.HasPrefix(raw, "/"):
		return fmt.Errorf("%q: a base URL starts with https://, http:// or /", raw)
	case u.Scheme != "" && (u.Opaque != "" || u.Hostname() == ""):
		return fmt.Errorf("%q has no host: write it as https://example.org/", raw)
	case u.User != nil:
		return fmt.Errorf("%q holds a user name or password: leave them out of a published URL", raw)
	}
	if h := u.Hostname(); strings.IndexFunc(h, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == ':' && strings.HasPrefix(u.Host, "["))
	}) >= 0 {
		return fmt.Errorf("%q: %q is not a host name such as example.org (write international names in their xn-- form)", raw, h)
	}
	if u.Host != "" && strings.HasSuffix(u.Host, ":") {
		return fmt.Errorf("%q: the port is empty: leave out the \":\" or give a port number", raw)
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q: %s is not a port number (1 to 65535)", raw, port)
		}
	}
	if strings.Contains(raw, "%") {
		return fmt.Errorf("%q: write the path without %%-escapes", raw)
	}
	// Links are compared with the base path as they are written in the
	// HTML, so the path holds nothing that HTML or URLs would escape.
	if strings.IndexFunc(u.Path, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~/", r))
	}) >= 0 {
		return fmt.Errorf("%q: use only letters, digits and - . _ ~ in the path", raw)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if u.Path != "/" {
		for _, part := range strings.Split(u.Path[1:len(u.Path)-1], "/") {
			if part == "" || part == "." || part == ".." {
				return fmt.Errorf("%q: the path must be clean, without \".\" or \"..\" parts or empty ones", raw)
			}
		}
	}
	c.BaseURL = u.String()
	return nil
}

// valuePos is where the value of a top-level key is written in gloss.toml,
// the place an author must change.
func valuePos(lines []string, key string) diag.Position {
	pos := frontmatter.TOMLKeyPos(FileName, lines, 1, key)
	if pos.Line < 1 || pos.Line > len(lines) {
		return pos
	}
	l := lines[pos.Line-1]
	if eq := strings.IndexByte(l[pos.Col-1:], '='); eq >= 0 {
		at := pos.Col - 1 + eq + 1
		for at < len(l) && (l[at] == ' ' || l[at] == '\t') {
			at++
		}
		pos.Col = at + 1
	}
	return pos
}

// BasePath is the path part of the base URL, e.g. "/sub/": every link the site
// makes to itself starts with it, so the site works under a sub-path.
func (c Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Absolute turns a site path ("/explainers/chips/") into a full URL when the
// base URL has a host, for canonical links and feeds.
func (c Config) Absolute(sitePath string) string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Host == "" {
		return sitePath
	}
	u.Path = sitePath
	return u.String()
}
