package annotate

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// A key figure's value must be stated in the paragraph it cites, in digits
// or in words: "12" is stated by "twelve", "4.2 billion" by
// "4,200,000,000", "61%" by "61 percent", "Doubled" by "doubling".

// figure is a number found in text.
type figure struct {
	value   float64
	percent bool
}

// ValueStated reports whether paragraph states value: every number of the
// value (and every change such as "doubled") must be in the paragraph. A
// value with neither is looked for as words.
func ValueStated(value, paragraph string) bool {
	want, wantChanges := numbersIn(value), changesIn(value)
	if len(want) == 0 && len(wantChanges) == 0 {
		return QuoteIn(value, paragraph)
	}
	have, haveChanges := numbersIn(paragraph), changesIn(paragraph)
	for _, w := range want {
		found := false
		for _, h := range have {
			if sameNumber(w.value, h.value) && (!w.percent || h.percent) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for c := range wantChanges {
		if !haveChanges[c] {
			return false
		}
	}
	return true
}

func sameNumber(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a)) }

// changes are words that state a figure without a number.
var changes = map[string]string{
	"double": "×2", "doubled": "×2", "doubles": "×2", "doubling": "×2", "twofold": "×2",
	"triple": "×3", "tripled": "×3", "triples": "×3", "tripling": "×3", "threefold": "×3",
	"quadrupled": "×4", "fourfold": "×4",
	"halve": "÷2", "halved": "÷2", "halves": "÷2", "halving": "÷2",
}

func changesIn(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range numberTokens(text) {
		if c, ok := changes[w]; ok {
			out[c] = true
		}
	}
	return out
}

var smallNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
	"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
	"dozen": 12,
}

var scales = map[string]float64{
	"hundred": 1e2, "hundredth": 1e2, "thousand": 1e3, "thousandth": 1e3, "million": 1e6, "millionth": 1e6,
	"billion": 1e9, "billionth": 1e9, "trillion": 1e12, "bn": 1e9, "tn": 1e12,
}

// numberTokens splits text into lower-case words and numbers, keeping
// "4.2", "1,200", "14th" and "%" whole, and splitting "twenty-one".
func numberTokens(text string) []string {
	var out []string
	rs := []rune(strings.ToLower(text))
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '%':
			out = append(out, "%")
			i++
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || (rs[j] == '.' || rs[j] == ',') && j+1 < len(rs) && unicode.IsDigit(rs[j+1])) {
				j++
			}
			for j < len(rs) && unicode.IsLetter(rs[j]) { // 14th, 3bn
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		default:
			i++
		}
	}
	return out
}

// numbersIn finds the numbers of text, in digits or words, with their
// scale ("4.2 billion") and whether they are percentages.
func numbersIn(text string) []figure {
	toks := numberTokens(text)
	var out []figure
	for i := 0; i < len(toks); {
		var v float64
		ok := false
		j := i
		if d, suffix, isDigits := digitsValue(toks[i]); isDigits {
			v, ok, j = d, true, i+1
			if s, isScale := scales[suffix]; isScale {
				v *= s
			}
		} else if _, isWord := smallNumbers[toks[i]]; isWord {
			// Words: "two hundred and twelve", "twenty one" (thousands and
			// more are scales, applied below).
			current := 0.0
		words:
			for j < len(toks) {
				t := toks[j]
				n, isSmall := smallNumbers[t]
				switch {
				case isSmall:
					current += n
				case scales[t] == 100:
					current = math.Max(current, 1) * 100
				case t == "and" && j+1 < len(toks) && smallNumbers[toks[j+1]] > 0:
				default:
					break words
				}
				j++
			}
			v, ok = current, true
		}
		if !ok {
			i++
			continue
		}
		for j < len(toks) {
			if s, isScale := scales[toks[j]]; isScale {
				v *= s
				j++
				continue
			}
			break
		}
		f := figure{value: v}
		if j < len(toks) && (toks[j] == "%" || toks[j] == "percent" || toks[j] == "pct") {
			f.percent = true
			j++
		} else if j+1 < len(toks) && toks[j] == "per" && toks[j+1] == "cent" {
			f.percent = true
			j += 2
		}
		out = append(out, f)
		i = j
	}
	return out
}

// digitsValue reads "1,200", "4.2", "14th" or "3bn": the number and any
// letters after it.
func digitsValue(tok string) (float64, string, bool) {
	if tok == "" || !unicode.IsDigit(rune(tok[0])) {
		return 0, "", false
	}
	end := len(tok)
	for end > 0 && unicode.IsLetter(rune(tok[end-1])) {
		end--
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(tok[:end], ",", ""), 64)
	if err != nil {
		return 0, "", false
	}
	return v, tok[end:], true
}
