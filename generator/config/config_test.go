package config

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/generator/frontmatter"
)

// TestBaseURL: base_url is an absolute http(s) URL with a host, or a path;
// clean, without query or fragment. Anything else is an error at the value.
func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ value, want string }{
		{`"https://example.org/"`, "https://example.org/"},
		{`"https://example.org"`, "https://example.org/"},
		{`"http://example.org:8080/sub"`, "http://example.org:8080/sub/"},
		{`"/"`, "/"},
		{`"/sub/"`, "/sub/"},
		{`"/a/b"`, "/a/b/"},
		{`""`, "/"},
		{`"https://example.org/?"`, `gloss.toml:2:12: base_url "https://example.org/?" has a ?query or #fragment: a base URL is where the site starts, such as https://example.org/sub/`},
		{`"https://example.org/#top"`, `gloss.toml:2:12: base_url "https://example.org/#top" has a ?query or #fragment: a base URL is where the site starts, such as https://example.org/sub/`},
		{`"//evil.example/"`, `gloss.toml:2:12: base_url "//evil.example/" starts with //, which names a host without a scheme: write https://evil.example/, or a path with a single /`},
		{`"https://"`, `gloss.toml:2:12: base_url "https://" has no host: write it as https://example.org/`},
		{`"https:///sub/"`, `gloss.toml:2:12: base_url "https:///sub/" has no host: write it as https://example.org/`},
		{`"https:example.org"`, `gloss.toml:2:12: base_url "https:example.org" has no host: write it as https://example.org/`},
		{`"/%2e%2e/"`, `gloss.toml:2:12: base_url "/%2e%2e/": write the path without %-escapes`},
		{`"https://example.org/sub/../../"`, `gloss.toml:2:12: base_url "https://example.org/sub/../../": the path must be clean, without "." or ".." parts or empty ones`},
		{`"/a//b/"`, `gloss.toml:2:12: base_url "/a//b/": the path must be clean, without "." or ".." parts or empty ones`},
		{`"/./"`, `gloss.toml:2:12: base_url "/./": the path must be clean, without "." or ".." parts or empty ones`},
		{`"https://example.org:99999/"`, `gloss.toml:2:12: base_url "https://example.org:99999/": 99999 is not a port number (1 to 65535)`},
		{`"https://example.org:0/"`, `gloss.toml:2:12: base_url "https://example.org:0/": 0 is not a port number (1 to 65535)`},
		{`"https://example.org:/"`, `gloss.toml:2:12: base_url "https://example.org:/": the port is empty: leave out the ":" or give a port number`},
		{`"https://user:pw@example.org/"`, `gloss.toml:2:12: base_url "https://user:pw@example.org/" holds a user name or password: leave them out of a published URL`},
		{`"ftp://example.org/"`, `gloss.toml:2:12: base_url "ftp://example.org/": a base URL starts with https://, http:// or /`},
		{`"sub/"`, `gloss.toml:2:12: base_url "sub/": a base URL starts with https://, http:// or /`},
		{`"/my site/"`, `gloss.toml:2:12: base_url "/my site/": use only letters, digits and - . _ ~ in the path`},
		{`"/a&b/"`, `gloss.toml:2:12: base_url "/a&b/": use only letters, digits and - . _ ~ in the path`},
		{`"https://exa mple.org/"`, `gloss.toml:2:12: base_url "https://exa mple.org/" is not a URL: write https://example.org/ or a path such as /sub/`},
	} {
		t.Run(tt.value, func(t *testing.T) {
			site := fstest.MapFS{FileName: {Data: []byte("title = \"x\"\nbase_url = " + tt.value + "\n")}}
			cfg, probs := Load(site)
			var got string
			if probs.Len() > 0 {
				var msgs []string
				for _, p := range probs.Sorted() {
					msgs = append(msgs, p.String())
				}
				got = strings.Join(msgs, "\n")
			} else {
				got = cfg.BaseURL
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestSetBaseURL: --base-url gets the same checks, without a position.
func TestSetBaseURL(t *testing.T) {
	var c Config
	if err := c.SetBaseURL("//evil.example/"); err == nil || err.Error() != `"//evil.example/" starts with //, which names a host without a scheme: write https://evil.example/, or a path with a single /` {
		t.Errorf("SetBaseURL: %v", err)
	}
	if err := c.SetBaseURL("https://example.org/docs"); err != nil || c.BaseURL != "https://example.org/docs/" {
		t.Errorf("SetBaseURL: %v, %q", err, c.BaseURL)
	}
}

func FuzzSetBaseURL(f *testing.F) {
	for _, s := range []string{"https://example.org/", "/sub/", "https://example.org/?", "//evil.example/", "https://", "/%2e%2e/", "https://example.org/sub/../../", "https://example.org:99999/", "http://[::1]:8080/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var c Config
		if err := c.SetBaseURL(raw); err != nil {
			return
		}
		// What is accepted is accepted again unchanged, and its path is clean.
		again := c
		if err := again.SetBaseURL(c.BaseURL); err != nil || again.BaseURL != c.BaseURL {
			t.Fatalf("%q normalised to %q, which gives %q, %v", raw, c.BaseURL, again.BaseURL, err)
		}
		p := c.BasePath()
		if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") || strings.Contains(p, "//") || strings.Contains(p, "/../") || strings.Contains(p, "/./") || strings.ContainsAny(c.BaseURL, "?#") {
			t.Fatalf("%q accepted with base path %q", raw, p)
		}
	})
}

// TestNestingBound: gloss.toml's brackets nest at most
// frontmatter.MaxDepth deep, as front matter's do.
func TestNestingBound(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }
	for _, c := range []struct{ name, toml, want string }{
		{"at the bound", "title = \"T\"\nx = " + deep(frontmatter.MaxDepth) + "\n", "unknown setting \"x\""},
		{"one deeper", "title = \"T\"\nx = " + deep(frontmatter.MaxDepth+1) + "\n",
			fmt.Sprintf("gloss.toml:2:%d: brackets nest more than %d deep here: gloss stops reading; nest lists and tables less", 5+frontmatter.MaxDepth, frontmatter.MaxDepth)},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Load(fstest.MapFS{"gloss.toml": {Data: []byte(c.toml)}})
			err := probs.Err()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %s", err, c.want)
			}
		})
	}
}
