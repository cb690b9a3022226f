// Command floor is the performance floor gloss is measured against: it does
// only the work no generator can skip. It reads every Markdown file of a
// corpus, drops the front matter, converts the body with goldmark (GFM and
// footnotes, as gloss does) on one goroutine per core, and writes each page
// where gloss writes it (section/page/index.html). No templates, lists,
// links, search or feeds.
//
//	go run ./bench/floor -src /tmp/corpus-1k -out /tmp/floor-out
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	src := flag.String("src", "", "the corpus folder")
	out := flag.String("out", "", "the output folder")
	flag.Parse()
	if *src == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: floor -src CORPUS -out DIR")
		os.Exit(2)
	}
	start := time.Now()
	var files []string
	_ = filepath.WalkDir(*src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range jobs {
				data, err := os.ReadFile(p)
				if err != nil {
					panic(err)
				}
				buf.Reset()
				if err := md.Convert(body(data), &buf); err != nil {
					panic(err)
				}
				rel, _ := filepath.Rel(*src, p)
				rel = strings.TrimSuffix(rel, ".md")
				if filepath.Base(rel) == "_index" {
					rel = filepath.Dir(rel)
				}
				dir := filepath.Join(*out, rel)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					panic(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644); err != nil {
					panic(err)
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	fmt.Printf("floor: %d pages in %s\n", len(files), time.Since(start).Round(time.Millisecond))
}

// body drops YAML front matter.
func body(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return data
	}
	if i := bytes.Index(data[4:], []byte("\n---\n")); i >= 0 {
		return data[4+i+5:]
	}
	return data
}
