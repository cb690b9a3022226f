package annotate

import (
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
	"github.com/gloss-ssg/gloss/generator/markdown"
)

// FuzzParseAttrs: any input either parses or is refused, never crashes, and
// a parse never claims more bytes than it was given.
func FuzzParseAttrs(f *testing.F) {
	for _, s := range []string{`{#id .class key=value k="quoted value" k2='x'}`, `{}`, `{=}`, `{a="unclosed}`, "{a=b\n c=d}", `{.}`, `{#}`, `{#../../etc}`, `{#a"b}`, `{id=}`, `{a=b=c}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		attrs, n, ok := ParseAttrs(src)
		if !ok {
			return
		}
		if n < 2 || n > len(src) || src[n-1] != '}' {
			t.Fatalf("claimed %d bytes of %q", n, src)
		}
		for _, a := range attrs {
			if a.Offset <= 0 || a.Offset >= n || a.Key == "" {
				t.Fatalf("attribute %+v outside %q", a, src[:n])
			}
		}
	})
}

// FuzzDirectives: any Markdown converts without a crash, and every problem
// is positioned inside the page.
func FuzzDirectives(f *testing.F) {
	for _, s := range []string{
		":term[x]{id=core-technologies}",
		":::quote{who=wang-peng cite=report-article#p3}\nChina still faces bottlenecks\n:::\n",
		"::::callout{kind=note}\n:::callout{kind=caveat}\nx\n:::\n::::\n",
		"::stat[a]{#b value=c}\n\n::stat{ref=b}\n",
		"> :sidenote[a\n> b] c",
		":cite[¶2]{src=report-article} :cite[",
		"*:term[*x]{id=y}*",
		"[a :term[b](c)]{id=d}",
		":x[`]{`}",
		// Issue 12's hostile shapes, small.
		hostile.NestedContainers(MaxContainerDepth+3, true),
		hostile.NestedContainers(MaxContainerDepth+1, false),
		inLists(markdown.MaxDepth, ":::callout{kind=note}\ny\n:::\n"),
		hostile.CitesInOneParagraph(50, "report-article"),
		hostile.Misquotes(5, "report-article"),
		"He said “:said[we will]{who=wang-peng}” and :said[that “x]{who=li-keqiang}”.",
		"“:unsourced[‘a’]” :cite[¶3]{src=hearing} and “b” :cite[¶¶1–2]{src=report-article p=9}.",
		":::quote{cite=hearing#p1}\nthe ministry would\n:::\n",
		"Li’s promise “it would be public” (:cite[¶4]{src=hearing}, :cite[¶3]{src=hearing}), and “Rents will fall” :cite[¶5]{src=hearing}, the gazette reports; but",
		":::quote{who=observers cite=hearing#p5}\nRents will fall\n:::\n\n:::quote{who=the-ministry cite=hearing#p5}\nRents will fall\n:::\n",
		"The minister said “” :cite[¶6]{src=hearing} and “the ministry would review rents” :cite[¶6]{src=hearing}.",
		"::stat[x]{#y value=\"twelve\" cite=hearing#p2}",
		// Broken syntax: errors, never text, never a crash.
		"::stat[X]{#x value=\"1}",
		":::quote{who=wang-peng cite=report-article#p3\nChina\n:::\n",
		":::callout{kind=note}\nnever closed\n\n## heading\n",
		"::::callout{kind=note}\n:::callout{kind=caveat}\nx\n::::\n",
		"> :::callout{kind=note}\n> x\n\nafter",
		"::stat[A]{#../../etc value=1}\n\n::stat[B]{#a\"b value=1}\n\n::stat[C]{# value=1}",
		":term[x]{id=core-technologies and :cite{src=a p='3}",
		":::callout kind=note\nx\n:::",
		"10:30 3:1 http://x a:b[c] ::std::vector :smile:",
		":cite[¶3 never closed, :term[x and :x[y",
		hostile.UnclosedLabels(200, "cite"),
		hostile.UnclosedLabels(200, "x"),
		":cite[a `]` [b] c" + strings.Repeat("\nline", 40) + "]{src=report-article}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, numbered := range []bool{false, true} { // a page, and a source
			out, _ := convertPage(src, numbered)
			for _, p := range out.Problems {
				if p.Pos.Line < 1 || p.Pos.Line > lines || p.Pos.Col < 1 {
					t.Fatalf("problem %q outside a %d-line input", p, lines)
				}
			}
		}
	})
}
