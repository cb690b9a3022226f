package annotate

import (
	"html"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Quotations in prose: words in quotation marks in a sentence that carries
// a :cite are a quotation of the cited paragraph, and are checked against it
// by the rules quotes follow. Quotation marks that quote something else (a
// scare quote, a title) are marked :unsourced[“…”] and passed over.

// proseText is a block's text as a reader sees it, with where its pieces
// came from in the page and where its citations stand.
type proseText struct {
	b      strings.Builder
	pieces []prosePiece
	cites  []proseCite
	exempt [][2]int // byte ranges marked :unsourced
}

// prosePiece says that the text from byte at on came from page offset
// offset (-1: written by gloss, such as a typographic quotation mark).
type prosePiece struct{ at, offset int }

type proseCite struct {
	at     int // byte offset in the text
	offset int // where the :cite is written in the page
	data   CiteData
}

func (p *proseText) write(s string, offset int) {
	p.pieces = append(p.pieces, prosePiece{p.b.Len(), offset})
	p.b.WriteString(s)
}

// checkProseQuotations checks every paragraph of a page (not a source) for
// quotations in sentences that carry a resolved :cite.
func checkProseQuotations(doc ast.Node, src []byte, c *Check) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if d, ok := n.(*Directive); ok && d.Name == "quote" {
			return ast.WalkSkipChildren, nil // a quote's own words are checked as a quote
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			checkBlockQuotations(n, src, c)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func checkBlockQuotations(block ast.Node, src []byte, c *Check) {
	if !hasCite(block) {
		return // most blocks: nothing to check, no text to gather
	}
	var p proseText
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch ch := ch.(type) {
			case *Directive:
				switch ch.Name {
				case "cite":
					if data, ok := ch.Data.(CiteData); ok {
						p.cites = append(p.cites, proseCite{at: p.b.Len(), offset: ch.Offset, data: data})
					}
					continue // its label ("¶3") is not prose
				case "unsourced", "sidenote":
					start := p.b.Len()
					walk(ch)
					p.exempt = append(p.exempt, [2]int{start, p.b.Len()})
					continue
				}
				walk(ch)
			case *ast.Text:
				p.write(html.UnescapeString(string(ch.Segment.Value(src))), ch.Segment.Start)
				if ch.SoftLineBreak() || ch.HardLineBreak() {
					p.write(" ", -1)
				}
			case *ast.String:
				p.write(html.UnescapeString(string(ch.Value)), -1)
			case *ast.CodeSpan:
				p.write(" ", -1) // code is not a quotation
			default:
				walk(ch)
			}
		}
	}
	walk(block)
	if len(p.cites) == 0 {
		return
	}
	text := p.b.String()
	quotations := Quotations(text)
	if len(quotations) == 0 {
		return
	}
	for _, s := range sentenceSpans(text) {
		var cited []CiteData
		for _, ct := range p.cites {
			if ct.at >= s[0] && ct.at <= s[1] {
				cited = append(cited, ct.data)
			}
		}
		if len(cited) == 0 {
			continue
		}
		for _, q := range quotations {
			if q.Start < s[0] || q.Start >= s[1] || exempt(p.exempt, q) || strings.TrimSpace(q.Inner) == "" {
				continue
			}
			offset := p.offsetOf(q.Start, block)
			if !checkProseQuotation(c, q, cited, offset) {
				continue
			}
			checkNamedCites(c, q, citesRightAfter(text, q, p.cites))
			warnReportedAsQuoted(c, q, text[s[0]:s[1]], reportingRegion(text, s, q), cited, offset)
		}
	}
}

// citesRightAfter are the cites that follow a quotation with nothing but
// spaces and punctuation between ("…” (:cite[¶2], :cite[¶17])"): the
// paragraphs the quotation itself names.
func citesRightAfter(text string, q Quotation, cites []proseCite) []proseCite {
	var out []proseCite
	at := q.End
	for _, ct := range cites {
		if ct.at < at {
			continue
		}
		if strings.IndexFunc(text[at:ct.at], func(r rune) bool { return !unicode.IsSpace(r) && !unicode.IsPunct(r) }) >= 0 {
			break
		}
		out = append(out, ct)
		at = ct.at
	}
	return out
}

// checkNamedCites reports, at the cite, a paragraph a quotation names that
// does not hold its words when another paragraph of the same source it
// names does: each paragraph a quotation names must hold its words.
func checkNamedCites(c *Check, q Quotation, named []proseCite) {
	holds := func(ct proseCite) bool {
		n := ct.data.Paragraph
		return n >= 1 && n <= len(ct.data.Source.Paragraphs) && QuoteIn(q.Inner, ct.data.Source.Paragraphs[n-1])
	}
	for _, ct := range named {
		if holds(ct) {
			continue
		}
		for _, other := range named {
			if other.data.Source.ID == ct.data.Source.ID && holds(other) {
				c.page.Errorf(ct.offset, "the quotation “%s” is in %s ¶%d, not ¶%d: cite only paragraphs that hold its words (a paragraph that supports something else goes with that claim)",
					openingWords(stripQuotes(q.Inner), 80), other.data.Source.ID, other.data.Paragraph, ct.data.Paragraph)
				break
			}
		}
	}
}

// reportingRegion is where a sentence can say that the quotation q in it
// is the source's report: before it, or in the rest of its clause ("“…”,
// the article reports"), but not in a clause joined after it ("…”, and
// the article lists …").
func reportingRegion(text string, sentence [2]int, q Quotation) string {
	if q.End > sentence[1] || q.Start < sentence[0] {
		return text[sentence[0]:sentence[1]] // a quotation is inside its sentence; never cut across one
	}
	after := text[q.End:sentence[1]]
	cut := len(after)
	for _, joint := range []string{";", ":", " and ", " but ", " while ", " whereas "} {
		if i := strings.Index(after, joint); i >= 0 && i < cut {
			cut = i
		}
	}
	return text[sentence[0]:q.Start] + " " + after[:cut]
}

// reportingWords in a sentence say that the words it quotes are the
// source's report, not the speaker's own: "the article reports that …".
var reportingWords = []string{"reports", "reported", "reporting", "article", "article’s", "article's", "source", "source’s", "source's"}

// warnReportedAsQuoted warns about a quotation whose words the cited
// paragraph only reports of a speaker, in a sentence that names the speaker
// and does not say the source reports them: quotation marks beside a
// speaker's name present the words as the speaker's own.
func warnReportedAsQuoted(c *Check, q Quotation, sentence, region string, cited []CiteData, offset int) {
	words := sentenceWords(region)
	for _, w := range reportingWords {
		if words[w] {
			return
		}
	}
	for _, ct := range cited {
		if ct.Paragraph < 1 || ct.Paragraph > len(ct.Source.Paragraphs) || QuoteIn(q.Inner, unattributed(ct.Source, ct.Paragraph)) {
			continue // the words are (also) the source's own there
		}
		for _, a := range attributionsIn(ct.Source, ct.Paragraph) {
			if a.Form != FormReported || !QuoteIn(q.Inner, a.Text) {
				continue
			}
			speaker, ok := c.speakerOf(a.Who, ct.Source)
			if !ok || !namesSpeaker(sentence, speaker) {
				continue
			}
			c.page.Warnf(offset, "the quotation “%s” is reported speech, not a quotation of %s: %s ¶%d reports them, and quotation marks beside the speaker's name present them as quoted; say so in the sentence (“the source reports that …”), or quote them with :::quote{who=%s cite=%s#p%d}, which shows them as reported",
				openingWords(stripQuotes(q.Inner), 80), a.Who, ct.Source.ID, ct.Paragraph, a.Who, ct.Source.ID, ct.Paragraph)
			return
		}
	}
}

// unattributed is paragraph n of src with the words it gives to someone
// cut out, so that words the source also says in its own voice are not
// taken for a speaker's.
func unattributed(src Entity, n int) string {
	text := src.Paragraphs[n-1]
	for _, a := range attributionsIn(src, n) {
		if a.Text != "" {
			text = strings.Replace(text, a.Text, " \x00 ", 1)
		}
	}
	return text
}

// attributionsIn are the attributions of paragraph n of src.
func attributionsIn(src Entity, n int) []Attribution { return AttributionsIn(src.Attributions, n) }

// AttributionsIn are the attributions of paragraph n in all, a source's in
// paragraph order (as Attributions gives them): a search finds them in a
// long source without reading every one for every paragraph.
func AttributionsIn(all []Attribution, n int) []Attribution {
	i := sort.Search(len(all), func(i int) bool { return all[i].Paragraph >= n })
	j := i
	for j < len(all) && all[j].Paragraph == n {
		j++
	}
	return all[i:j]
}

// speakerOf finds the entity of an attribution's speaker.
func (c *Check) speakerOf(id string, src Entity) (Entity, bool) {
	if c.resolver == nil {
		return Entity{}, false
	}
	if e, ok := c.resolver.Entity(KindSpeaker, id); ok {
		return e, true
	}
	for _, u := range src.Unnamed {
		if u.ID == id {
			return u, true
		}
	}
	return Entity{}, false
}

// namesSpeaker says the sentence names the speaker: by its title, its
// title without a leading "The", or one of its aliases (the names the
// source uses: "Li", "Premier Li"), as whole words, in any case.
func namesSpeaker(sentence string, e Entity) bool {
	names := []string{e.Title, strings.TrimPrefix(e.Title, "The ")}
	switch a := e.Params["aliases"].(type) {
	case string:
		names = append(names, a)
	case []any:
		for _, v := range a {
			if str, ok := v.(string); ok {
				names = append(names, str)
			}
		}
	}
	words := strings.FieldsFunc(strings.ToLower(sentence), notWordRune)
	for i, w := range words {
		// A possessive names its owner: "Li’s account of “…”".
		words[i] = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
	}
	lower := " " + strings.Join(words, " ") + " "
	for _, name := range names {
		name = strings.Join(strings.FieldsFunc(strings.ToLower(name), notWordRune), " ")
		if name != "" && strings.Contains(lower, " "+name+" ") {
			return true
		}
	}
	return false
}

func notWordRune(r rune) bool { return !isWordRune(r) && r != '’' && r != '\'' }

// sentenceWords is the set of a sentence's words, lower case.
func sentenceWords(sentence string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(sentence), notWordRune) {
		out[strings.Trim(w, "’'")] = true
		out[w] = true
	}
	return out
}

func exempt(ranges [][2]int, q Quotation) bool {
	for _, r := range ranges {
		if q.Start >= r[0] && q.End <= r[1] {
			return true
		}
	}
	return false
}

// offsetOf is the page offset of text byte i, or of the nearest byte before
// it that the author wrote (a typographic quotation mark has none).
func (p *proseText) offsetOf(i int, block ast.Node) int {
	for k := len(p.pieces) - 1; k >= 0; k-- {
		piece := p.pieces[k]
		if piece.at > i || piece.offset < 0 {
			continue
		}
		if k+1 < len(p.pieces) && p.pieces[k+1].at <= i {
			return piece.offset + p.pieces[k+1].at - piece.at // just after it
		}
		return piece.offset + i - piece.at
	}
	for _, piece := range p.pieces {
		if piece.offset >= 0 {
			return max(0, piece.offset-1)
		}
	}
	if lines := block.Lines(); lines != nil && lines.Len() > 0 {
		return lines.At(0).Start
	}
	return 0
}

// checkProseQuotation reports a quotation found in none of the paragraphs
// its sentence cites, and says whether it was found.
func checkProseQuotation(c *Check, q Quotation, cited []CiteData, offset int) bool {
	for _, ct := range cited {
		if ct.Paragraph >= 1 && ct.Paragraph <= len(ct.Source.Paragraphs) && QuoteIn(q.Inner, ct.Source.Paragraphs[ct.Paragraph-1]) {
			return true
		}
	}
	src := cited[0].Source
	var paras []int
	var names []string
	for _, ct := range cited {
		if ct.Source.ID == src.ID {
			paras = append(paras, ct.Paragraph)
			names = append(names, "¶"+strconv.Itoa(ct.Paragraph))
		}
	}
	c.page.Errorf(offset, "the quotation “%s” is not in %s %s%s (if it does not quote the source, write :unsourced[“%s”])",
		openingWords(stripQuotes(q.Inner), 80), src.ID, strings.Join(names, ", "), closestMessage(q.Inner, src, paras), openingWords(stripQuotes(q.Inner), 40))
	return false
}

// sentenceSpans splits text at sentence ends outside quotation marks: a
// full stop inside a quotation does not end the sentence around it.
func sentenceSpans(text string) [][2]int {
	depth := QuotationDepth(text)
	var out [][2]int
	start := 0
	for i, r := range text {
		if depth[i] > 0 || r != '.' && r != '?' && r != '!' {
			continue
		}
		next := i + 1
		if next < len(text) && !unicode.IsSpace(rune(text[next])) {
			continue
		}
		out = append(out, [2]int{start, next})
		start = next
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// hasCite reports whether a block holds a :cite among its inlines.
func hasCite(block ast.Node) bool {
	found := false
	_ = ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if d, ok := n.(*Directive); ok && entering && d.Name == "cite" {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}
