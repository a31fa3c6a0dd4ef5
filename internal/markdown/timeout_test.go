package markdown

import (
	"errors"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// TestHighlightTimeout: code on which a rule's regular expression runs out
// of time on every try is left unhighlighted, not lexed as if the rule had
// not matched (which would depend on the machine's load).
func TestHighlightTimeout(t *testing.T) {
	lexer := chroma.MustNewLexer(&chroma.Config{Name: "catastrophic"}, func() chroma.Rules {
		return chroma.Rules{"root": {
			{Pattern: `(x+x+)+y`, Type: chroma.Keyword},
			{Pattern: `.`, Type: chroma.Text},
		}}
	})
	// Not in chroma's registry, which loopLexerFor asks for: stored as it
	// would store it.
	l := newLoopLexer(lexer)
	if l == nil {
		t.Fatal("the test lexer cannot be driven by loopLexer")
	}
	e := &loopEntry{l: l}
	e.once.Do(func() {})
	loopLexers.Store(lexer, e)
	var out outBuf
	err := highlight(&out, lexer, strings.Repeat("x", 40))
	if !errors.Is(err, errTimedOut) {
		t.Fatalf("highlight = %v, %q; want errTimedOut", err, out.String())
	}
	if out.Len() != 0 {
		t.Errorf("highlight left %q after timing out", out.String())
	}
	// Code the rule does not take long on is highlighted as usual.
	out.Reset()
	if err := highlight(&out, lexer, "xxy z"); err != nil || !strings.Contains(out.String(), `<span class="k">xxy</span>`) {
		t.Errorf("highlight(xxy z) = %v, %q", err, out.String())
	}
}
