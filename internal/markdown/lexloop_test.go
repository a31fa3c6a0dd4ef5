package markdown

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// tokenList collects tokens.
type tokenList []chroma.Token

func (l *tokenList) token(t chroma.Token) { *l = append(*l, t) }

// chromaTokens are the tokens of chroma's own iterator, or the panic it
// raised.
func chromaTokens(lexer chroma.Lexer, opts *chroma.TokeniseOptions, text string) (toks tokenList, panicked any) {
	defer func() { panicked = recover() }()
	it, err := lexer.Tokenise(opts, text)
	if err != nil {
		return nil, err
	}
	for t := it(); t != chroma.EOF; t = it() {
		toks = append(toks, t)
	}
	return toks, nil
}

func loopTokens(l *loopLexer, opts *chroma.TokeniseOptions, text string) (toks tokenList, panicked any) {
	defer func() { panicked = recover() }()
	l.tokenise(opts, text, &toks)
	return toks, nil
}

// compareLexers reports where loopLexer's tokens for text differ from
// chroma's, with either option set that highlight uses. A difference must
// recur: chroma's regular expressions time out after 250 ms, which on a
// loaded machine (or under the fuzzer) turns a match into an Error token
// now and then, on either side.
func compareLexers(t testing.TB, lexer chroma.Lexer, l *loopLexer, name, text string) {
	t.Helper()
	for _, opts := range []*chroma.TokeniseOptions{nil, noCROptions} {
		var diff string
		for try := 0; try < 3; try++ {
			if diff = tokenDiff(lexer, l, opts, text); diff == "" {
				break
			}
		}
		if diff != "" {
			t.Errorf("%s (%s, EnsureLF %v): %s", name, lexer.Config().Name, opts == nil, diff)
		}
	}
}

// tokenDiff describes the first difference between the two lexers' tokens,
// or returns "".
func tokenDiff(lexer chroma.Lexer, l *loopLexer, opts *chroma.TokeniseOptions, text string) string {
	want, wantPanic := chromaTokens(lexer, opts, text)
	got, gotPanic := loopTokens(l, opts, text)
	if (wantPanic == nil) != (gotPanic == nil) {
		return fmt.Sprintf("panic %v, chroma's %v", gotPanic, wantPanic)
	}
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w chroma.Token
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("token %d of %d is %v %q, chroma's %d is %v %q", i, len(got), g.Type, g.Value, len(want), w.Type, w.Value)
		}
	}
	return ""
}

// chromaSamples returns chroma's lexer test inputs (lexers/testdata in its
// module) by the lexer name that chroma's own tests give them.
func chromaSamples(t *testing.T) map[string][]string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Logf("chroma's module not found (%v): its samples are not compared", err)
		return nil
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata")
	samples := map[string][]string{}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".actual") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		name, _, _ := strings.Cut(filepath.Base(rel), ".")
		if sub := filepath.Dir(rel); sub != "." && sub != "analysis" {
			name = sub
		}
		b, err := os.ReadFile(path)
		samples[name] = append(samples[name], string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return samples
}

// TestLoopLexerMatchesChroma lexes with every lexer of chroma's registry
// that loopLexer drives: chroma's own test inputs for it and a few tiny
// texts, each with and without EnsureLF; the lexers of fuzzLangs also get
// the awkward blocks of highlightSamples and halves of them. (Not every
// lexer gets them: chroma's regular expressions for some languages
// backtrack for seconds on text of another language, into its 250 ms
// timeouts, which make the tokens differ from run to run.) The tokens must
// be chroma's.
func TestLoopLexerMatchesChroma(t *testing.T) {
	samples := chromaSamples(t)
	var common []string
	for _, s := range highlightSamples {
		common = append(common, s.code, s.code[:len(s.code)/2])
	}
	tiny := []string{"", "\n", "x", "\r\n\r", " \t\n\n"}
	driven, compared := 0, 0
	for _, lexer := range lexers.GlobalLexerRegistry.Lexers {
		name := lexer.Config().Name
		l := loopLexerFor(lexer)
		if l == nil {
			continue
		}
		driven++
		texts := tiny
		for _, lang := range fuzzLangs {
			if lexers.Get(lang) == lexer {
				texts = append(texts, common...)
			}
		}
		for _, key := range append([]string{name, strings.ToLower(name)}, lexer.Config().Aliases...) {
			if lexers.Get(key) == lexer {
				texts = append(texts, samples[key]...)
				compared += len(samples[key])
				delete(samples, key)
			}
		}
		for i, text := range texts {
			compareLexers(t, lexer, l, fmt.Sprintf("%s sample %d", name, i), text)
		}
	}
	t.Logf("%d of %d lexers driven, %d of chroma's samples compared", driven, len(lexers.GlobalLexerRegistry.Lexers), compared)
	if driven < 200 {
		t.Errorf("only %d lexers driven", driven)
	}
	if samples != nil && compared < 150 {
		t.Errorf("only %d of chroma's samples compared", compared)
	}
}

// TestLoopLexerDriven checks which lexers loopLexer drives: the portal's
// languages and the others of chroma's own kinds, not those with Go
// functions that use the lexer's state.
func TestLoopLexerDriven(t *testing.T) {
	for _, tt := range []struct {
		lang   string
		driven bool
	}{
		{"bash", true}, {"go", true}, {"json", true}, {"toml", true}, {"yaml", true}, {"js", true},
		{"python", true}, {"html", true}, {"css", true}, {"sql", true}, {"c", true}, {"perl", true},
		{"raku", false},     // changes its rules while lexing
		{"haxe", false},     // keeps the state's stack in MutatorContext
		{"rst", false},      // an EmitterFunc
		{"markdown", false}, // not a RegexLexer
	} {
		if l := loopLexerFor(lexerFor(tt.lang)); (l != nil) != tt.driven {
			t.Errorf("%s: driven %v, want %v", tt.lang, l != nil, tt.driven)
		}
	}
}

// fuzzLangs are driven lexers of every kind: the portal's, case-insensitive
// ones (SQL, Fortran), ones with nested lexers (HTML, Go) and many states.
var fuzzLangs = []string{"go", "bash", "json", "toml", "yaml", "js", "html", "python", "sql", "css", "xml", "c", "perl", "ruby", "rust", "fortran"}

func FuzzLoopLexer(f *testing.F) {
	for i, s := range highlightSamples {
		f.Add(uint8(i), s.code)
	}
	f.Add(uint8(12), "my $x = q{a{b}c}; say \"$x\";\n=begin pod\nx\n=end pod\n")
	f.Add(uint8(13), "x = <<~EOS\n  hi #{y}\nEOS\nputs x[0..-1] =~ /a#{b}/i\n")
	f.Fuzz(func(t *testing.T, lang uint8, code string) {
		lexer := lexers.Get(fuzzLangs[int(lang)%len(fuzzLangs)])
		if l := loopLexerFor(lexer); l != nil {
			compareLexers(t, lexer, l, "fuzz", code)
		}
	})
}
