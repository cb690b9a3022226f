package annotate

import (
	"strings"
	"testing"
)

func TestValueStated(t *testing.T) {
	para := "The committee heard twelve witnesses over two days. Spending doubled to 4.2 billion euros; rents rose 61 percent, and 1,200 homes were built for the 14th plan. Twenty-one towns took part."
	for value, want := range map[string]bool{
		"12":              true, // "twelve"
		"twelve":          true,
		"14":              true, // "14th": the number, whatever its suffix
		"15":              false,
		"Doubled":         true,
		"doubling":        true,
		"tripled":         false,
		"4.2 billion":     true,
		"4,200,000,000":   true,
		"4.2":             false, // 4.2 billion is not 4.2
		"61%":             true,
		"61 percent":      true,
		"61":              true,
		"62%":             false,
		"1200":            true,
		"1.2 thousand":    true,
		"21":              true, // "Twenty-one"
		"2":               true, // "two days"
		"over two days":   true,
		"over three days": false,
		"a lot":           false,
	} {
		if got := ValueStated(value, para); got != want {
			t.Errorf("ValueStated(%q) = %v, want %v", value, got, want)
		}
	}
	if !ValueStated("14th", "China’s 14th National People’s Congress") {
		t.Error("an ordinal must be found as written")
	}
	if ValueStated("61%", "61 witnesses") {
		t.Error("a percentage must be stated as one")
	}
}

func TestLabelParagraphs(t *testing.T) {
	for label, want := range map[string][]int{
		"¶3": {3}, "p3": {3}, "3": {3}, "¶ 12": {12}, "¶¶3–5": {3, 4, 5}, "¶2 and ¶7": {2, 7}, "the report": nil,
	} {
		got := labelParagraphs(label)
		if len(got) != len(want) {
			t.Errorf("labelParagraphs(%q) = %v, want %v", label, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("labelParagraphs(%q) = %v, want %v", label, got, want)
			}
		}
	}
}

// FuzzValueStated: any value and paragraph are read without a crash, and
// a paragraph always states a value it contains word for word.
func FuzzValueStated(f *testing.F) {
	for _, s := range []string{"twelve", "4.2 billion", "61 percent", "doubled", "1,200.5", "14th", "two hundred and twelve", "9999999999999999999999", "1e308 billion", "%"} {
		f.Add(s, "It was "+s+" in all.")
	}
	f.Fuzz(func(t *testing.T, value, paragraph string) {
		_ = ValueStated(value, paragraph)
		_ = labelParagraphs(value)
		if !ValueStated(value, "It was "+value+" in all.") && len(numbersIn(value)) == 0 && len(changesIn(value)) == 0 && Normalize(value) != "" {
			t.Fatalf("%q is not found in a paragraph that contains it", value)
		}
	})
}

// FuzzQuotations: the quotation scan never crashes, gives a depth for every
// byte, and each quotation it finds lies inside the text.
func FuzzQuotations(f *testing.F) {
	for _, s := range []string{`He said “we ‘will’ win” and left.`, `"a" 'b' «c» 「d」 „e“`, `don’t ’tis the people’s`, `“unclosed`, `”“`, `'''""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d := QuotationDepth(s); len(d) != len(s) {
			t.Fatalf("%d depths for %d bytes", len(d), len(s))
		}
		for _, q := range Quotations(s) {
			if q.Start < 0 || q.End > len(s) || q.Start >= q.End {
				t.Fatalf("quotation %+v outside %q", q, s)
			}
		}
		if len(s) > 0 {
			_ = SpanForm(s, 0, len(s))
		}
		_ = withoutQuotationMarks(s)
		_ = stripQuotes(s)
	})
}

// BenchmarkAttributedPage converts a page with ten quotes and ten cited
// sentences holding quotations, checked against marked attributions:
//
//	go test ./generator/annotate -run XXX -bench AttributedPage -benchmem
func BenchmarkAttributedPage(b *testing.B) {
	var page strings.Builder
	for i := 0; i < 10; i++ {
		page.WriteString(":::quote{who=li-keqiang cite=hearing#p1}\nthe ministry would publish a progress report every year\n:::\n\n")
		page.WriteString("Wang Peng says China still faces “bottlenecks in major technologies”, and the people’s view is “such as chips” :cite[¶3]{src=report-article}.\n\n")
	}
	src := page.String()
	b.ReportAllocs()
	for b.Loop() {
		if out, _ := convert(src); len(out.Problems) > 0 {
			b.Fatal(out.Problems)
		}
	}
}
