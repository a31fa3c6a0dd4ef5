package markdown

import (
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// flakyLexer gives Error tokens for its first `fails` calls, as chroma does
// when a match times out on a loaded machine.
type flakyLexer struct {
	chroma.Lexer
	calls, fails int
}

func (l *flakyLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	l.calls++
	if l.calls <= l.fails {
		return chroma.Literator(chroma.Token{Type: chroma.Error, Value: text}), nil
	}
	return chroma.Literator(chroma.Token{Type: chroma.String, Value: text}), nil
}

func TestTokeniseRetriesErrors(t *testing.T) {
	tests := []struct {
		fails     int
		wantType  chroma.TokenType
		wantCalls int
	}{
		{0, chroma.String, 1},
		{1, chroma.String, 2}, // a timed-out match is lexed again
		{2, chroma.String, 3},
		{5, chroma.Error, 3}, // a real error stays after three tries
	}
	for _, tt := range tests {
		l := &flakyLexer{fails: tt.fails}
		toks, err := tokenise(l, `"zh-CN"`)
		if err != nil || len(toks) != 1 || toks[0].Type != tt.wantType || l.calls != tt.wantCalls {
			t.Errorf("fails=%d: tokens %v, calls %d, err %v; want %v after %d calls", tt.fails, toks, l.calls, err, tt.wantType, tt.wantCalls)
		}
	}
}
