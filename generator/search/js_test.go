package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/site"
)

// searchJS is the search page's script, whose functions these tests run.
const searchJS = "../../templates/briefing/assets/search-core.js"

// node finds Node.js: the tests run the search page's own code in it. It
// skips without, and fails when CI is set.
func node(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no node (CI is set, so this fails instead of skipping)")
		}
		t.Skip("no node on this machine")
	}
	return path
}

func runNode(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	// go test caches a result by the files the test itself opens: these
	// are read by node, so the test opens them, and an edit to the search
	// page's code or the scripts runs the tests again.
	scripts, _ := filepath.Glob("testdata/*.js")
	for _, f := range append(scripts, searchJS) {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(node(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// stemmerWords is a word list for the differential test: every word of
// the example site and the source article, the stemmer's special cases,
// and common stems with English suffixes put on them.
func stemmerWords(t *testing.T) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, dir := range []string{"../../content", "../../../shared/source"} {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(path)
			if err == nil {
				Tokens(data, nil, func(w []byte) { add(string(w)) })
			}
			return nil
		})
	}
	for _, w := range strings.Fields(`skis skies dying lying tying idly gently ugly early only singly sky news howe
		atlas cosmos bias andes inning innings outing outings canning cannings herring herrings earring earrings
		proceed proceeds proceeded proceeding exceed exceeds exceeded exceeding succeed succeeds succeeded succeeding
		generously generate communism communal arsenal arsenic consign consigned consigning consignment knightly
		cried ties gas this kiwis bleed agreed feed hopping hoped hoping filing tanned fizzed luxuriating capitalism
		yes yell say sayings boy boyish toy troy youth eye eyes cry crying by happy happiness fly flies flying
		abilities reliability conditional rational valency hesitancy digitizer conformably radically differently
		vilely analogously vietnamization predication operator feudalism decisiveness hopefulness callousness
		formality sensitivity sensibility triplicate formative formalize electricity electrical hopeful goodness
		revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment
		dependent adoption homologous communism activate angularity effective bowdlerize probate rate cease
		controll roll hoarse geology logi ogi archaeology phylogeny sky dry`) {
		add(w)
	}
	bases := strings.Fields("nation industr develop technolog innovat strateg product govern provinc rely secur modern digit integrat ration condition hope effect generat communic regulat standard special capit critic equal fin")
	suffixes := strings.Fields("s es ed ing ly al ally ation ations ational ize izes ized ization ism ist ists ity ities ive ively iveness ful fully fulness ness less lessly ous ously ousness ence ences ency ance ancy able ably ible ment ments ent ently er ers ic ical ically y ies ied e")
	for _, b := range bases {
		add(b)
		for _, s := range suffixes {
			add(b + s)
		}
	}
	if len(out) < 1000 {
		t.Fatalf("only %d words to compare", len(out))
	}
	return out
}

// TestStemmerMatchesBrowser: the search page's stemmer (a port of the
// Snowball English stemmer) gives the library's stem for every word of a
// list, so a query finds what the index holds.
func TestStemmerMatchesBrowser(t *testing.T) {
	words := stemmerWords(t)
	got := strings.Split(runNode(t, strings.Join(words, "\n"), "testdata/words.js", searchJS), "\n")
	if len(got) != len(words) {
		t.Fatalf("%d stems for %d words", len(got), len(words))
	}
	bad := 0
	for i, w := range words {
		if want := Stem(w); got[i] != want {
			bad++
			if bad <= 20 {
				t.Errorf("%q: the browser stems it %q, the index %q", w, got[i], want)
			}
		}
	}
	t.Logf("%d words compared", len(words))
}

// TestTokensMatchBrowser: the search page splits and folds text as the
// index does.
func TestTokensMatchBrowser(t *testing.T) {
	texts := []string{
		"China’s plans; the report's", "Rhône Zürich café naïve ÉCOLE", "ＡＩ chips and ＧＤＰ",
		"集成电路 and 芯", "关键核心技术攻关", "半導体の供給", "반도체 산업", "2023 a 5 x1 e-CNY",
		"’quoted’ 'single' it’s", "İstanbul ΣΊΣΥΦΟΣ Straße ﬁne", "mixed芯片text", "x\u0301y", "½ ⅓ ²",
		"Ärger über Öl", "naïve façade coöperate", "R&D, AI-driven, 5G/6G",
	}
	got := strings.Split(runNode(t, strings.Join(texts, "\n"), "testdata/words.js", searchJS), "\n")
	for i, text := range texts {
		if want := strings.Join(Terms(text), " "); got[i] != want {
			t.Errorf("%q: the browser's words %q, the index's %q", text, got[i], want)
		}
	}
}

type fixturePage struct {
	url, layout, title, summary, body string
}

// buildFixture builds the index of a small fixed site into a folder.
func buildFixture(t *testing.T, pages []fixturePage) string {
	t.Helper()
	s := &site.Site{}
	words := NewWords()
	indexes := map[*site.Page]*PageIndex{}
	for _, fp := range pages {
		p := &site.Page{Site: s, Kind: site.KindPage, Layout: fp.layout, URL: fp.url, Title: fp.title, Summary: fp.summary}
		pi := NewPageIndex(words)
		for i, part := range strings.Split(fp.body, "\n## ") {
			if i > 0 {
				heading, text, _ := strings.Cut(part, "\n")
				pi.Section(fmt.Sprintf("s%d", i), heading)
				part = text
			}
			pi.Text([]byte(part))
		}
		pi.Finish()
		indexes[p] = pi
		s.Pages = append(s.Pages, p)
	}
	dir := t.TempDir()
	_, err := Build(s, words, func(p *site.Page) *PageIndex { return indexes[p] }, func(rel string, data []byte) error {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

type queryResult struct {
	Query   string   `json:"query"`
	Terms   []string `json:"terms"`
	Results []string `json:"results"`
	Pieces  int      `json:"pieces"`
}

func query(t *testing.T, dir string, queries ...string) map[string]queryResult {
	t.Helper()
	out := map[string]queryResult{}
	for _, line := range strings.Split(strings.TrimSpace(runNode(t, strings.Join(queries, "\n"), "testdata/query.js", searchJS, dir)), "\n") {
		var r queryResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		out[r.Query] = r
	}
	return out
}

// TestSearchFixture runs queries on a small fixed site with the search
// page's code and checks what they find and in which order.
func TestSearchFixture(t *testing.T) {
	filler := strings.Repeat("The plan sets targets for the coming years and asks provinces to report on them. ", 6)
	dir := buildFixture(t, []fixturePage{
		{url: "/a/body-mention/", layout: "explainer", title: "What the plan says", body: filler + "It mentions lithography once.\n## Funding\nMoney for research."},
		{url: "/b/chips/", layout: "explainer", title: "Why chips matter", summary: "芯片 are the bottleneck.", body: "China imports most of its 芯片 (chips).\n## Industries\nThe industry needs them."},
		{url: "/c/characters/", layout: "explainer", title: "Lamp wicks and pictures", body: "灯芯 is a lamp wick; 图片 is a picture. Neither is a chip."},
		{url: "/d/rhone/", layout: "page", title: "The Rhône valley", body: "Élan and naïveté along the Rhône."},
		{url: "/glossary/lithography/", layout: "term", title: "Lithography machines", summary: "Machines that print chips.", body: "Made by few firms."},
		{url: "/people/twin-a/", layout: "person", title: "Twin", body: "Identical text."},
		{url: "/people/twin-b/", layout: "person", title: "Twin", body: "Identical text."},
	})
	got := query(t, dir, "industries", "芯片", "芯", "lithography", "rhone", "RHÔNE", "naivete", "twin", "chips industry", "litho", "nothing-here")
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"industries", []string{"b/chips/#s1"}},                               // stemmed: finds "industry"
		{"芯片", []string{"b/chips/"}},                                          // not the page with 芯 and 片 apart
		{"lithography", []string{"glossary/lithography/", "a/body-mention/"}}, // the title before the body
		{"rhone", []string{"d/rhone/"}},                                       // diacritics folded
		{"RHÔNE", []string{"d/rhone/"}},
		{"naivete", []string{"d/rhone/"}},
		{"twin", []string{"people/twin-a/", "people/twin-b/"}},          // a tie: the site's order
		{"chips industry", []string{"b/chips/#s1"}},                     // every word, in the best section
		{"litho", []string{"glossary/lithography/", "a/body-mention/"}}, // the word being typed is a prefix
		{"nothing-here", nil},
	} {
		if r := got[c.query]; strings.Join(r.Results, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q (terms %q) found %q, want %q", c.query, r.Terms, r.Results, c.want)
		}
	}
	// A lone character finds the words it begins (not, with pairs of
	// characters indexed, those it ends: "灯芯").
	if r := got["芯"]; strings.Join(r.Results, " ") != "b/chips/" {
		t.Errorf("芯 found %q, want the page with 芯片", r.Results)
	}
}

// TestPieceNames: pieces are named by their content, so a build of the
// same site writes the same names, and an edit to one page renames only the
// few pieces it changes (its record's, and its changed words').
func TestPieceNames(t *testing.T) {
	words := strings.Fields("harvest river canal bridge factory turbine harbour railway orchard vaccine satellite reactor glacier forest copper lithium cotton wheat salmon tunnel")
	pages := func(edit bool) []fixturePage {
		var out []fixturePage
		for i := range 400 {
			var body strings.Builder
			for j := range 60 {
				body.WriteString(words[(i*j+j)%len(words)] + " ")
			}
			fmt.Fprintf(&body, "page%d", i)
			if edit && i == 200 {
				body.WriteString(" an edited sentence")
			}
			out = append(out, fixturePage{url: fmt.Sprintf("/p/%03d/", i), layout: "explainer", title: fmt.Sprintf("Page %d", i), body: body.String()})
		}
		return out
	}
	names := func(dir string) map[string]bool {
		out := map[string]bool{}
		entries, err := os.ReadDir(filepath.Join(dir, Dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			out[e.Name()] = true
		}
		return out
	}
	a, b, edited := names(buildFixture(t, pages(false))), names(buildFixture(t, pages(false))), names(buildFixture(t, pages(true)))
	if len(a) < 20 || !reflect.DeepEqual(a, b) {
		t.Fatalf("two builds of the same site: %d and %d pieces, the same: %v", len(a), len(b), reflect.DeepEqual(a, b))
	}
	renamed := 0
	for name := range a {
		if !edited[name] {
			renamed++
		}
	}
	t.Logf("an edit to one page renamed %d of %d pieces", renamed, len(a))
	if renamed == 0 || renamed > 4 {
		t.Errorf("an edit to one page renamed %d of %d pieces", renamed, len(a))
	}
}

// TestExcerpts: a result shows the passage of a section around the words
// the query matched, marked, cut with the search page's own code.
func TestExcerpts(t *testing.T) {
	filler := strings.Repeat("The plan sets targets for the coming years. ", 8) // 352 characters
	cases := []struct {
		name, query, text string
		want              string // the passage, its marked words in [brackets]; "" for none
	}{
		{"a word far into the text, from its sentence", "subsidies", filler + "Grain subsidies rose again. " + filler,
			"…Grain [subsidies] rose again. The plan sets targets for the coming years. The plan sets targets for the coming years. The plan sets targets for the coming years.…"},
		{"a word at the start", "grain", "Grain subsidies rose. " + filler,
			"[Grain] subsidies rose. The plan sets targets for the coming years. The plan sets targets for the coming years. The plan sets targets for the coming years. The…"},
		{"an inflected form", "industries", filler + "The industry grew.",
			"…The [industry] grew."},
		{"the word being typed", "subsid", filler + "Subsidised loans.",
			"…[Subsidised] loans."},
		{"the passage with every word, not the first match", "grain subsidies",
			"Grain is stored. " + filler + "Subsidies for grain rose.",
			"…[Subsidies] for [grain] rose."},
		{"Chinese", "碳中和", filler + "这是碳中和的目标。",
			"…这是[碳中和]的目标。"},
		{"no match", "zzz", filler, ""},
	}
	var in strings.Builder
	for _, c := range cases {
		line, _ := json.Marshal(map[string]string{"query": c.query, "text": c.text})
		in.Write(line)
		in.WriteByte('\n')
	}
	lines := strings.Split(strings.TrimSpace(runNode(t, in.String(), "testdata/excerpt.js", searchJS)), "\n")
	if len(lines) != len(cases) {
		t.Fatalf("%d answers for %d cases", len(lines), len(cases))
	}
	for i, c := range cases {
		var got struct {
			Passage *string `json:"passage"`
			Marked  *string `json:"marked"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatal(err)
		}
		marked := ""
		if got.Marked != nil {
			marked = *got.Marked
		}
		if marked != c.want {
			t.Errorf("%s: %q in %.30q… shows\n%q, want\n%q", c.name, c.query, c.text, marked, c.want)
		}
		if got.Passage != nil && len([]rune(*got.Passage)) > 170 {
			t.Errorf("%s: a passage of %d characters", c.name, len([]rune(*got.Passage)))
		}
	}
}

// TestRankingMatchesReference: the search page's ranking, which decodes
// postings into typed arrays and sums only the shown results' sections,
// gives exactly what the plain reference ranking (testdata/rankref.js, the
// code it replaced) gives: the same results in the same order, with the
// same scores and the same sections best first, on a generated site whose
// few words make many ties, for one word, several, a word being typed
// (which matches several terms) and words in no page.
func TestRankingMatchesReference(t *testing.T) {
	dir := buildFixture(t, rankingSite(400))
	queries := []string{
		"subsidies", "subsidies ", "subsid", "sub", "grain", "grain ", "grain subsidies", "local debt restructuring",
		"local debt restructuring ", "debt rest", "provinces report", "industries", "industrial poli", "chips",
		"targets years plan", "芯片", "芯", "碳中和", "碳中和 subsidies", "nothing-here", "grain nothing-here",
		"the", "plan plan plan", "rhône", "report provinc", "energy", "ener", "e", "twin",
	}
	lines := strings.Split(strings.TrimSpace(runNode(t, strings.Join(queries, "\n"), "testdata/rankcompare.js", searchJS, dir)), "\n")
	if len(lines) != len(queries) {
		t.Fatalf("%d answers for %d queries", len(lines), len(queries))
	}
	// Which pieces hold a big word's whole postings.
	postings := map[string]bool{}
	entries, err := os.ReadDir(filepath.Join(dir, Dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, Dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(data, []byte(`glossSearchPiece({"p":`)) {
			postings[strings.TrimSuffix(e.Name(), ".js")] = true
		}
	}
	if len(postings) == 0 {
		t.Fatal("no word is big enough for its postings to have a piece of their own")
	}
	compared, fromHeads := 0, 0
	for _, line := range lines {
		var r struct {
			Query                       string
			Got, Top, Want, FirstPieces []string
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if len(r.Got) != len(r.Want) {
			t.Errorf("%q: %d results, the reference %d", r.Query, len(r.Got), len(r.Want))
			continue
		}
		for i := range r.Got {
			if r.Got[i] != r.Want[i] {
				t.Errorf("%q: result %d is %q, the reference's %q", r.Query, i+1, r.Got[i], r.Want[i])
				break
			}
		}
		if want := r.Want[:min(16, len(r.Want))]; strings.Join(r.Top, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q: the first screen's pick %q, the reference's %q", r.Query, r.Top, want)
		}
		compared += len(r.Got)
		// A one-word query's first screens come from its head: no whole
		// postings are loaded for it.
		if !slices.ContainsFunc(r.FirstPieces, func(name string) bool { return postings[name] }) && len(r.Want) > headLen {
			fromHeads++
		}
		if slices.Contains([]string{"subsidies", "subsidies ", "grain ", "energy"}, r.Query) && slices.ContainsFunc(r.FirstPieces, func(name string) bool { return postings[name] }) {
			t.Errorf("%q: the first screens loaded a word's whole postings: %q", r.Query, r.FirstPieces)
		}
	}
	if fromHeads < 4 {
		t.Errorf("only %d queries were ranked from heads", fromHeads)
	}
	t.Logf("%d big words' postings in pieces of their own; %d queries' first screens ranked from heads", len(postings), fromHeads)
	// Not a comparison of empty lists: most queries find many pages.
	if compared < 2000 {
		t.Errorf("only %d results compared", compared)
	}
	t.Logf("%d results of %d queries compared", compared, len(queries))
}

// rankingSite is n pages of a few phrases repeated, as the benchmark's
// corpus is: many pages have the same words as often, so ties are many,
// and a word being typed begins several terms.
func rankingSite(n int) []fixturePage {
	phrases := []string{
		"Grain subsidies rose again.", "The subsidy for farmers is new.", "Subsidised loans help small firms.",
		"Local debt restructuring continues.", "Provinces report on local debt.", "The industrial policy favours chips.",
		"Industries need 芯片 and energy.", "碳中和 targets are set for the coming years.", "The plan sets targets for the years ahead.",
		"Energy security and energetic reform.", "Restructuring of state firms and their debts.", "A twin plan in the Rhône valley.",
		"Subsidiaries of state firms report.", "Provincial governments report yearly.",
	}
	rng := rand.New(rand.NewPCG(16, 2026))
	pick := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteString(phrases[rng.IntN(len(phrases))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	layouts := []string{"explainer", "term", "person", "source", "page"}
	pages := make([]fixturePage, n)
	for i := range pages {
		var body strings.Builder
		body.WriteString(pick(1 + rng.IntN(6)))
		for s := range rng.IntN(5) {
			fmt.Fprintf(&body, "\n## %s %d\n%s", strings.TrimSuffix(pick(1), ". "), s, pick(1+rng.IntN(8)))
		}
		summary := ""
		if rng.IntN(3) == 0 {
			summary = pick(1)
		}
		pages[i] = fixturePage{
			url:     fmt.Sprintf("/p/%d/", i),
			layout:  layouts[rng.IntN(len(layouts))],
			title:   strings.TrimSuffix(pick(1), ". "),
			summary: summary,
			body:    body.String(),
		}
	}
	return pages
}

// TestStemKeepsFirstLetter: a stem begins with the first letter of its
// word, as the Snowball English stemmer only ever changes a word's
// ending. The search page relies on it when it marks the matched words of
// an excerpt: it stems only the words that begin as a query's stem does.
func TestStemKeepsFirstLetter(t *testing.T) {
	words := stemmerWords(t)
	for _, w := range words {
		if st := Stem(w); st == "" || st[0] != w[0] {
			t.Errorf("%q stems to %q", w, st)
		}
	}
	if len(words) < 1000 {
		t.Errorf("only %d words", len(words))
	}
}

// engineReply is what the search page's engine answers (Engine.ask in
// search-core.js): a screen of results, described for drawing.
type engineReply struct {
	ID    int    `json:"id"`
	Q     string `json:"q"`
	From  int    `json:"from"`
	Next  int    `json:"next"`
	Total int    `json:"total"`
	Items []struct {
		Href     string   `json:"href"`
		Title    string   `json:"title"`
		Kind     string   `json:"kind"`
		Excerpt  []string `json:"excerpt"`
		Sections []struct {
			Href      string   `json:"href"`
			Heading   string   `json:"heading"`
			Paragraph bool     `json:"paragraph"`
			Excerpt   []string `json:"excerpt"`
		} `json:"sections"`
	} `json:"items"`
}

// TestEngineAnswersScreens asks the engine the page talks to (in a worker
// or on the page) as the page does: a first screen of five, then ten more
// at a time, each result described with its address, its kind, and its
// excerpts cut at the query's words, which are marked. The pages are those
// the ranking puts first, in its order, each once.
func TestEngineAnswersScreens(t *testing.T) {
	forms := []string{"harvest", "harvests", "harvesting", "harvested"}
	var pages []fixturePage
	const n = 500 // pages with "harvest": enough for its postings to be big (bigPostings)
	for i := range n - 1 {
		body := fmt.Sprintf("Page %d of the notes. The %s was late this year.\n## Storage\nGrain is kept in silos.", i, forms[i%4])
		if i%3 == 0 {
			body += "\n## After the harvest\nPrices fell after the " + forms[(i+1)%4] + "."
		}
		pages = append(pages, fixturePage{url: fmt.Sprintf("/p/%03d/", i), layout: "explainer", title: fmt.Sprintf("Notes %d", i), body: body})
	}
	pages = append(pages, fixturePage{url: "/glossary/harvest/", layout: "term", title: "Harvest", summary: "The gathering of a crop.", body: "Twice a year in the south."})
	dir := buildFixture(t, pages)
	if !indexHas(t, dir, `"harvest":"!`) {
		t.Fatal(`"harvest" has no head: the test would not see the engine move from a head to the whole postings`)
	}
	const root = "https://example.test/site/"
	ranked := query(t, dir, "harvest")["harvest"].Results

	out := runNode(t, "harvest\nnothing-here\n", "testdata/engine.js", searchJS, dir, root)
	var answers []struct {
		Query   string        `json:"query"`
		Replies []engineReply `json:"replies"`
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var a struct {
			Query   string        `json:"query"`
			Replies []engineReply `json:"replies"`
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		answers = append(answers, a)
	}
	if len(answers) != 2 {
		t.Fatalf("%d answers, want 2:\n%s", len(answers), out)
	}

	harvest := answers[0].Replies
	var sizes []int
	var shown []string
	for _, r := range harvest {
		if r.Total != n || r.Q != "harvest" {
			t.Errorf("reply %d: %d results for %q, want %d for \"harvest\"", r.ID, r.Total, r.Q, n)
		}
		if r.Next != r.From+len(r.Items) {
			t.Errorf("reply %d: from %d with %d items says more begin at %d", r.ID, r.From, len(r.Items), r.Next)
		}
		sizes = append(sizes, len(r.Items))
		for _, it := range r.Items {
			shown = append(shown, strings.TrimPrefix(it.Href, root))
			if it.Kind == "" || it.Title == "" {
				t.Errorf("%s: kind %q, title %q", it.Href, it.Kind, it.Title)
			}
			checkSegments(t, it.Href, it.Excerpt)
			for _, sec := range it.Sections {
				if !strings.HasPrefix(sec.Href, it.Href+"#") || sec.Heading == "" {
					t.Errorf("%s: a section %q at %s", it.Href, sec.Heading, sec.Href)
				}
				checkSegments(t, sec.Href, sec.Excerpt)
			}
		}
	}
	// A first screen of 5, then 10 at a time: the first two from the word's
	// head, the rest from its whole postings.
	wantSizes := []int{5}
	for range (n - 10) / 10 {
		wantSizes = append(wantSizes, 10)
	}
	if wantSizes = append(wantSizes, 5); !reflect.DeepEqual(sizes, wantSizes) {
		t.Errorf("screens of %v results, want %v", sizes, wantSizes)
	}
	// The ranking's order, each page once (the ranking names a page's best
	// section; a result is its page).
	var want []string
	for _, r := range ranked {
		want = append(want, strings.SplitN(r, "#", 2)[0])
	}
	if !reflect.DeepEqual(shown, want) {
		t.Errorf("the screens showed\n%q\nthe ranking is\n%q", shown, want)
	}
	if first := harvest[0].Items[0]; first.Kind != "term" || first.Title != "Harvest" || first.Href != root+"glossary/harvest/" {
		t.Errorf("first result %+v, want the term, by its title", first)
	}
	if none := answers[1].Replies; len(none) != 1 || none[0].Total != 0 || len(none[0].Items) != 0 {
		t.Errorf("nothing-here: %+v", none)
	}
}

// checkSegments: an excerpt is [plain, marked, plain, …], plain first and
// last, every marked word a form of "harvest".
func checkSegments(t *testing.T, where string, segs []string) {
	t.Helper()
	if segs == nil {
		return
	}
	if len(segs)%2 != 1 {
		t.Errorf("%s: %d segments, want plain text first and last: %q", where, len(segs), segs)
		return
	}
	for k := 1; k < len(segs); k += 2 {
		if !strings.HasPrefix(strings.ToLower(segs[k]), "harvest") {
			t.Errorf("%s: marked %q", where, segs[k])
		}
	}
	if len(segs) == 1 && strings.Contains(strings.ToLower(segs[0]), "harvest") {
		t.Errorf("%s: the word is in the excerpt unmarked: %q", where, segs[0])
	}
}

// indexHas tells whether a file of the index in dir holds text.
func indexHas(t *testing.T, dir, text string) bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, Dir, "*.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(text)) {
			return true
		}
	}
	return false
}

// TestPostingsPiecesShared: words on the same pages, as the words of a
// phrase a site repeats, have the same postings, and so one piece, written
// once; each keeps its own head.
func TestPostingsPiecesShared(t *testing.T) {
	var pages []fixturePage
	for i := range 1000 { // enough for the phrase's postings to be big (bigPostings)
		pages = append(pages, fixturePage{url: fmt.Sprintf("/p/%04d/", i), layout: "explainer", title: fmt.Sprintf("Page %d", i), body: fmt.Sprintf("Local debt restructuring, again: note %d.", i)})
	}
	dir := buildFixture(t, pages)
	heads := map[string]string{}
	files, err := filepath.Glob(filepath.Join(dir, Dir, "*.js"))
	if err != nil {
		t.Fatal(err)
	}
	postings := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(data, []byte(`glossSearchPiece({"p":`)) {
			postings++
			continue
		}
		var piece struct{ T map[string]string }
		if err := json.Unmarshal(data[bytes.IndexByte(data, '{'):bytes.LastIndexByte(data, '}')+1], &piece); err != nil {
			t.Fatal(err)
		}
		for term, raw := range piece.T {
			if strings.HasPrefix(raw, "!") {
				heads[term] = raw[1:9]
			}
		}
	}
	if heads["local"] == "" || heads["local"] != heads["debt"] || heads["debt"] != heads["restructur"] {
		t.Errorf("the phrase's words' postings pieces: %q", heads)
	}
	if postings != 1 {
		t.Errorf("%d postings pieces, want the phrase's one (heads %q)", postings, heads)
	}
	writes := map[string]int{}
	s := &site.Site{}
	words := NewWords()
	indexes := map[*site.Page]*PageIndex{}
	for _, fp := range pages {
		p := &site.Page{Site: s, Kind: site.KindPage, Layout: fp.layout, URL: fp.url, Title: fp.title}
		pi := NewPageIndex(words)
		pi.Text([]byte(fp.body))
		pi.Finish()
		indexes[p] = pi
		s.Pages = append(s.Pages, p)
	}
	if _, err := Build(s, words, func(p *site.Page) *PageIndex { return indexes[p] }, func(rel string, _ []byte) error { writes[rel]++; return nil }); err != nil {
		t.Fatal(err)
	}
	for rel, n := range writes {
		if n > 1 {
			t.Errorf("%s written %d times", rel, n)
		}
	}
}
