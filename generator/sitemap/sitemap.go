// Package sitemap writes sitemap.xml (every page a search engine should
// index) and the robots.txt that points at it.
package sitemap

import (
	"encoding/xml"
	"fmt"

	"github.com/gloss-ssg/gloss/generator/site"
)

// Paths in the output.
const (
	Path       = "sitemap.xml"
	RobotsPath = "robots.txt"
)

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []entry  `xml:"url"`
}

type entry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Sitemap lists every page but the 404 page, in URL order.
func Sitemap(s *site.Site) ([]byte, error) {
	var set urlset
	for _, p := range s.Pages {
		if p.Kind == site.KindNotFound || p.Kind == site.KindSearch {
			continue
		}
		e := entry{Loc: p.Permalink()}
		if m := p.Modified(); !m.IsZero() {
			e.LastMod = m.Format("2006-01-02")
		}
		set.URLs = append(set.URLs, e)
	}
	out, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// Robots allows everything and names the sitemap.
func Robots(s *site.Site) []byte {
	return []byte(fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", s.Config.Absolute(s.Href("/"+Path))))
}
