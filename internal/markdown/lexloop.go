package markdown

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// loopLexer lexes as chroma's RegexLexer does (LexerState.Iterator), token
// for token, but cheaper:
//
//   - chroma tries every rule of the current state at every position, and
//     each try runs regexp2's matcher in full: its rules are anchored (\G),
//     and for an anchored pattern regexp2 does not look at the first
//     character first. loopLexer skips a rule when regexp2's own analysis of
//     its pattern (syntax.Code.FcPrefix, the set of characters a match can
//     start with) excludes the character at the position;
//   - a match is read through regexp2's MatchView instead of a Match, and its
//     groups are slices of the code instead of copies;
//   - tokens go straight to a tokenSink, without chroma's iterator closures,
//     for the emitters and mutators whose behaviour is chroma's own and known.
//
// The rules are compiled as chroma's RegexLexer compiles them (maybeCompile:
// the same patterns and flags, then the Include and Combined mutators), and
// given to emitters and mutators as LexerState.Rules.
//
// Only lexers whose emitters and mutators are all chroma's own known ones are
// driven (278 of chroma's 297 lexers): they use nothing of the LexerState but
// Stack, State, Registry and Lexer and the groups they are given, and keep
// none of it, so that the groups and state can be reused and NamedGroups left
// unset. The others' Go functions may read or keep anything, and some change
// the rules while lexing (Raku's): they are left to chroma's Iterator, as are
// lexers that are not RegexLexers (delegating and remapping ones).
type loopLexer struct {
	lexer    *chroma.RegexLexer
	registry *chroma.LexerRegistry
	rules    chroma.CompiledRules
	states   map[string][]loopRule // rules[state] with what loopLexer needs
}

// loopRule is a compiled rule with what loopLexer needs to try it cheaply.
type loopRule struct {
	rule *chroma.CompiledRule
	// first holds the ASCII characters a match can start with; set, all of
	// them. A nil set means a match can start with anything or be empty.
	first [2]uint64
	set   *syntax.CharSet
	fold  bool  // the set was made case-insensitively: try case variants too
	nums  []int // group numbers in the order of Match.Groups
	emit  emitPlan
}

// emitPlan says how a rule's emitter turns the groups into tokens.
type emitPlan struct {
	kind    emitKind
	typ     chroma.TokenType // emitToken
	state   string           // emitSelf: the state to lex the group from
	groups  []emitPlan       // emitGroups: one per group after the whole match
	emitter chroma.Emitter   // emitOther
}

type emitKind uint8

const (
	emitNone   emitKind = iota // no emitter (a nil emitter in ByGroups)
	emitToken                  // a chroma.TokenType
	emitGroups                 // chroma.ByGroups
	emitSelf                   // chroma.UsingSelf
	emitOther                  // any other emitter: called as chroma calls it
)

// tokenSink receives tokens in order.
type tokenSink interface{ token(chroma.Token) }

// A timeoutSink is also told when a rule's regular expression ran out of
// time, which chroma takes for no match: the tokens would depend on the
// machine's load, not on the code alone. Its lex stops there (code that
// makes a rule backtrack without end would otherwise cost the timeout at
// every position), nested lexes too.
type timeoutSink interface {
	timedOut()
	halted() bool // timedOut was called
}

var (
	loopLexers sync.Map // *chroma.RegexLexer -> *loopEntry

	// The types of chroma's own emitters and mutators, whose behaviour is known.
	byGroupsType  = reflect.TypeOf(chroma.ByGroups())
	usingType     = reflect.TypeOf(chroma.Using(""))
	usingSelfType = reflect.TypeOf(chroma.UsingSelf(""))
	pushType      = reflect.TypeOf(chroma.Push())
	popType       = reflect.TypeOf(chroma.Pop(1))
	mutatorsType  = reflect.TypeOf(chroma.Mutators())
	emitterFunc   = reflect.TypeOf(chroma.EmitterFunc(nil))
)

// loopLexerFor returns the loopLexer for a lexer of chroma's global registry,
// or nil when chroma's own Iterator is to be used for it.
func loopLexerFor(lexer chroma.Lexer) *loopLexer {
	rl, ok := lexer.(*chroma.RegexLexer)
	if !ok {
		return nil
	}
	v, ok := loopLexers.Load(rl)
	if !ok {
		v, _ = loopLexers.LoadOrStore(rl, new(loopEntry))
	}
	// Made once: the other pages that need it meanwhile wait for it
	// instead of compiling it again.
	e := v.(*loopEntry)
	e.once.Do(func() {
		// Using emitters look lexers up in the lexer's registry, which chroma
		// does not expose: loopLexer drives only the global registry's lexers.
		if lexers.GlobalLexerRegistry.Get(rl.Config().Name) == rl {
			e.l = newLoopLexer(rl)
		}
	})
	return e.l
}

// loopEntry is loopLexers' entry for one lexer.
type loopEntry struct {
	once sync.Once
	l    *loopLexer // nil when chroma's Iterator is used
}

// newLoopLexer compiles lexer's rules as chroma.RegexLexer does, or returns
// nil when it cannot. Its Using emitters find lexers in chroma's global
// registry.
func newLoopLexer(lexer *chroma.RegexLexer) *loopLexer {
	config := lexer.Config()
	raw, err := lexer.Rules()
	if err != nil {
		return nil
	}
	flags := ""
	if !config.NotMultiline {
		flags += "m"
	}
	if config.CaseInsensitive {
		flags += "i"
	}
	if config.DotAll {
		flags += "s"
	}
	// As chroma's fetchRules and maybeCompile.
	rules := chroma.CompiledRules{}
	for state, rs := range raw {
		rules[state] = nil
		for _, rule := range rs {
			pattern := "(?:" + rule.Pattern + ")"
			if flags != "" {
				pattern = "(?" + flags + ")" + pattern
			}
			re, err := regexp2.Compile(`\G` + pattern)
			if err != nil {
				return nil
			}
			re.MatchTimeout = 250 * time.Millisecond
			rules[state] = append(rules[state], &chroma.CompiledRule{Rule: rule, Regexp: re})
		}
	}
	// The compile-time mutators (Include, Combined) one at a time until none
	// is left, as maybeCompile does; it goes through the states in map order,
	// sorted here.
	for pass := 0; ; pass++ {
		if pass > 10000 { // chroma would loop for ever
			return nil
		}
		mutated := false
		for _, state := range sortedStates(rules) {
			for i, rule := range rules[state] {
				if m, ok := rule.Mutator.(chroma.LexerMutator); ok {
					if m.MutateLexer(rules, state, i) != nil {
						return nil
					}
					mutated = true
					break
				}
			}
			if mutated {
				break
			}
		}
		if !mutated {
			break
		}
	}

	l := &loopLexer{lexer: lexer, registry: lexers.GlobalLexerRegistry, rules: rules, states: map[string][]loopRule{}}
	made := map[*chroma.CompiledRule]*loopRule{} // Include shares rules between states
	for state, rs := range rules {
		lrs := make([]loopRule, len(rs))
		for i, rule := range rs {
			if m := made[rule]; m != nil {
				lrs[i] = *m
				continue
			}
			lr := &lrs[i]
			*lr = loopRule{rule: rule, nums: rule.Regexp.GetGroupNumbers()}
			var ok bool
			if lr.emit, ok = planEmitter(rule.Type); !ok || !knownMutator(rule.Mutator) {
				return nil
			}
			lr.analyse()
			made[rule] = lr
		}
		l.states[state] = lrs
	}
	return l
}

func sortedStates(rules chroma.CompiledRules) []string {
	states := make([]string, 0, len(rules))
	for s := range rules {
		states = append(states, s)
	}
	slices.Sort(states)
	return states
}

// analyse finds the characters a match of the rule can start with, from
// regexp2's own analysis of the pattern: the set its unanchored searches
// scan for (findfirstchar.go). It is left nil, so that the rule is always
// tried, when there is no such set: a match can be empty, or the analysis
// gave up, or the pattern runs right to left.
func (lr *loopRule) analyse() {
	tree, err := syntax.Parse(lr.rule.Regexp.String(), syntax.ParseOptions{})
	if err != nil {
		return
	}
	code, err := syntax.Write(tree)
	if err != nil || code.RightToLeft || code.FcPrefix == nil {
		return
	}
	lr.set = &code.FcPrefix.PrefixSet
	lr.fold = code.FcPrefix.CaseInsensitive
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if lr.setHas(c) {
			lr.first[c>>6] |= 1 << (c & 63)
		}
	}
}

// mayStart reports whether a match of the rule can start with c.
func (lr *loopRule) mayStart(c rune) bool {
	if lr.set == nil {
		return true
	}
	if c >= 0 && c < utf8.RuneSelf {
		return lr.first[c>>6]&(1<<(c&63)) != 0
	}
	return lr.setHas(c)
}

// setHas reports whether c is in the rule's first-character set. A set made
// case-insensitively is asked for every case of c as well: regexp2 itself
// asks only for c (its sets hold the cases they can match), so this can only
// try a rule that regexp2 would skip, never skip one it would try.
func (lr *loopRule) setHas(c rune) bool {
	if lr.set.Contains(c) {
		return true
	}
	if !lr.fold {
		return false
	}
	if lr.set.Contains(unicode.ToLower(c)) || lr.set.Contains(unicode.ToUpper(c)) || lr.set.Contains(unicode.ToTitle(c)) {
		return true
	}
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		if lr.set.Contains(f) {
			return true
		}
	}
	return false
}

// planEmitter says how loopLexer emits for e, and whether e is one of
// chroma's own emitters that use nothing of the state but Registry, Lexer
// and the groups they are given, and keep none of it.
func planEmitter(e chroma.Emitter) (emitPlan, bool) {
	if e == nil {
		return emitPlan{kind: emitNone}, true
	}
	if t, ok := e.(chroma.TokenType); ok {
		return emitPlan{kind: emitToken, typ: t}, true
	}
	v := reflect.ValueOf(e)
	switch v.Type() {
	case byGroupsType:
		subs := v.Elem().FieldByName("Emitters").Interface().(chroma.Emitters)
		p := emitPlan{kind: emitGroups, emitter: e, groups: make([]emitPlan, len(subs))}
		known := true
		for i, sub := range subs {
			var ok bool
			if p.groups[i], ok = planEmitter(sub); !ok {
				known = false
			}
		}
		return p, known
	case usingSelfType:
		return emitPlan{kind: emitSelf, state: v.Elem().FieldByName("State").String(), emitter: e}, true
	case usingType:
		return emitPlan{kind: emitOther, emitter: e}, true
	case emitterFunc:
		return emitPlan{kind: emitOther, emitter: e}, isUsingLexer(v)
	}
	return emitPlan{kind: emitOther, emitter: e}, false
}

// isUsingLexer reports whether f is the closure chroma.UsingLexer returns,
// which only lexes groups[0] with its lexer (the Go lexer's raw strings). A
// copy of it inlined into a caller is named after that caller, in chroma's
// packages: github.com/alecthomas/chroma/v2/lexers.goRules.UsingLexer.func1.
func isUsingLexer(f reflect.Value) bool {
	fn := runtime.FuncForPC(f.Pointer())
	if fn == nil {
		return false
	}
	name := fn.Name()
	i := strings.LastIndex(name, ".UsingLexer.func")
	if i < 0 || !strings.HasPrefix(name, "github.com/alecthomas/chroma/v2.") && !strings.HasPrefix(name, "github.com/alecthomas/chroma/v2/lexers.") {
		return false
	}
	n := name[i+len(".UsingLexer.func"):]
	return n != "" && strings.Trim(n, "0123456789") == ""
}

// knownMutator reports whether m is nil or made of chroma's Push, Pop and
// Mutators, which change only the state's Stack.
func knownMutator(m chroma.Mutator) bool {
	if m == nil {
		return true
	}
	v := reflect.ValueOf(m)
	switch v.Type() {
	case pushType, popType:
		return true
	case mutatorsType:
		for _, sub := range v.Elem().FieldByName("Mutators").Interface().([]chroma.Mutator) {
			if !knownMutator(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// chromaDefaultOptions are chroma's options for a nil *TokeniseOptions.
var chromaDefaultOptions = &chroma.TokeniseOptions{State: "root", EnsureLF: true}

// loopRun is the state of one lex, pooled with its buffers.
type loopRun struct {
	l            *loopLexer
	st           chroma.LexerState
	sink         tokenSink
	ts           timeoutSink // sink, when it is one
	root         string      // the state an error at a newline returns to
	newlineAdded bool
	text         string   // st.Text as UTF-8
	ascii        bool     // text is ASCII: rune and byte indexes are the same
	offs         []int    // else the byte index of each rune, and of the end
	groups       []string // st.Groups
	spans        []int    // rune index and length of each group of the match; -1 for none
	nums         []int    // group numbers of the rule being tried
	found        bool
	yield        func(regexp2.MatchView) bool
}

var loopRuns = sync.Pool{New: func() any {
	r := &loopRun{}
	r.yield = r.record
	return r
}}

// tokenise lexes text as lexer.Tokenise(opts, text) would and gives the
// tokens that its iterator returns to sink.
func (l *loopLexer) tokenise(opts *chroma.TokeniseOptions, text string, sink tokenSink) {
	if opts == nil {
		opts = chromaDefaultOptions
	}
	if opts.EnsureLF {
		text = ensureLF(text)
	}
	l.lex(opts.State, opts.Nested, text, sink)
}

// lex is tokenise after EnsureLF.
func (l *loopLexer) lex(state string, nested bool, text string, sink tokenSink) {
	newlineAdded := false
	if !nested && l.lexer.Config().EnsureNL && !strings.HasSuffix(text, "\n") {
		text += "\n"
		newlineAdded = true
	}
	r := loopRuns.Get().(*loopRun)
	r.l, r.sink, r.root, r.newlineAdded = l, sink, state, newlineAdded
	r.ts, _ = sink.(timeoutSink)
	if !utf8.ValidString(text) {
		// chroma lexes []rune(text), where each invalid byte is U+FFFD.
		text = string([]rune(text))
	}
	r.text = text
	runes := r.st.Text[:0]
	offs := r.offs[:0]
	for i, c := range text {
		runes = append(runes, c)
		offs = append(offs, i)
	}
	r.ascii = len(runes) == len(text)
	r.offs = append(offs, len(text))
	mc := r.st.MutatorContext
	if mc == nil {
		mc = map[any]any{}
	}
	clear(mc)
	r.st = chroma.LexerState{
		Lexer:          l.lexer,
		Registry:       l.registry,
		Text:           runes,
		Rules:          l.rules,
		Stack:          append(r.st.Stack[:0], state),
		MutatorContext: mc,
	}
	r.run()
	r.sink, r.ts = nil, nil
	r.st.Groups, r.st.Lexer, r.st.Rules = nil, nil, nil
	r.text = ""
	clear(r.groups)
	loopRuns.Put(r)
}

// run is chroma's LexerState.Iterator as a loop.
func (r *loopRun) run() {
	st := &r.st
	for {
		end := len(st.Text)
		if r.newlineAdded {
			end--
		}
		if st.Pos >= end || len(st.Stack) == 0 {
			break
		}
		if r.ts != nil && r.ts.halted() {
			return
		}
		st.State = st.Stack[len(st.Stack)-1]
		rules, ok := r.l.states[st.State]
		if !ok {
			panic("unknown state " + st.State)
		}
		i := r.match(rules)
		if i < 0 {
			// Pygments' error recovery, as chroma does it: an unmatched
			// newline outside the root state empties the stack.
			if st.Text[st.Pos] == '\n' && st.State != r.root {
				st.Stack = []string{r.root}
				continue
			}
			st.Pos++
			r.emit(chroma.Token{Type: chroma.Error, Value: r.str(st.Pos-1, 1)})
			continue
		}
		lr := &rules[i]
		rule := lr.rule
		st.Rule = i
		st.Groups = r.groups[:0]
		for g := 0; g < len(r.spans); g += 2 {
			s := ""
			if at := r.spans[g]; at >= 0 {
				s = r.str(at, r.spans[g+1])
			}
			st.Groups = append(st.Groups, s)
		}
		r.groups = st.Groups
		st.Pos += r.spans[1]
		if rule.Mutator != nil {
			if err := rule.Mutator.Mutate(st); err != nil {
				panic(err)
			}
		}
		if rule.Type != nil {
			r.emitPlanned(&lr.emit, st.Groups)
		}
	}
	if st.Pos != len(st.Text) && len(st.Stack) == 0 {
		value := r.str(st.Pos, len(st.Text)-st.Pos)
		st.Pos = len(st.Text)
		r.emit(chroma.Token{Type: chroma.Error, Value: value})
	}
}

// match returns the index of the first rule that matches at st.Pos, or -1.
// The match's groups are left in r.spans.
func (r *loopRun) match(rules []loopRule) int {
	st := &r.st
	c := st.Text[st.Pos]
	for i := range rules {
		lr := &rules[i]
		if !lr.mayStart(c) {
			continue
		}
		r.nums = lr.nums
		r.found = false
		// As chroma's FindRunesMatchStartingAt: the first match from st.Pos
		// (the \G anchor keeps it at st.Pos); an error, a timeout, is no match.
		err := lr.rule.Regexp.FindRunesMatches(st.Text, st.Pos, r.yield)
		if err == nil && r.found {
			return i
		}
		if ts, ok := r.sink.(timeoutSink); ok && err != nil {
			ts.timedOut()
			return -1
		}
	}
	return -1
}

// record keeps the groups of a match in r.spans, in the order of
// regexp2.Match.Groups, which chroma's groups follow.
func (r *loopRun) record(m regexp2.MatchView) bool {
	at, _, ok := m.GroupRange(0)
	if !ok || at != r.st.Pos {
		return false
	}
	r.found = true
	r.spans = r.spans[:0]
	for _, num := range r.nums {
		at, n, ok := m.GroupRange(num)
		if !ok {
			at, n = -1, 0
		}
		r.spans = append(r.spans, at, n)
	}
	return false
}

// str returns the text of n runes from rune index at, as string(st.Text[at:at+n]).
func (r *loopRun) str(at, n int) string {
	if r.ascii {
		return r.text[at : at+n]
	}
	return r.text[r.offs[at]:r.offs[at+n]]
}

// emit passes t on as chroma's Iterator does: Ignore tokens are dropped, and
// a token equal to EOF ends the emitter's iterator, here a single token.
func (r *loopRun) emit(t chroma.Token) {
	if t.Type != chroma.Ignore && t != chroma.EOF {
		r.sink.token(t)
	}
}

// drain passes on the tokens of an emitter's iterator.
func (r *loopRun) drain(it chroma.Iterator) {
	for t := it(); t != chroma.EOF; t = it() {
		if t.Type != chroma.Ignore {
			r.sink.token(t)
		}
	}
}

// emitPlanned emits the tokens of a rule as its emitter's Emit and chroma's
// iterators would.
func (r *loopRun) emitPlanned(p *emitPlan, groups []string) {
	switch p.kind {
	case emitToken: // TokenType.Emit: Literator(Token{t, groups[0]})
		r.emit(chroma.Token{Type: p.typ, Value: groups[0]})
	case emitGroups:
		if len(p.groups) != len(groups)-1 {
			r.drain(p.emitter.Emit(groups, &r.st))
			return
		}
		// ByGroups: each group by its emitter, as Concaterator joins them.
		for i, g := range groups[1:] {
			switch sub := &p.groups[i]; sub.kind {
			case emitNone:
			case emitToken:
				r.emit(chroma.Token{Type: sub.typ, Value: g})
			case emitSelf:
				r.l.lex(sub.state, true, g, r.sink) // UsingSelf: Tokenise(&{State, Nested: true})
			default:
				r.drain(sub.emitter.Emit([]string{g}, &r.st))
			}
		}
	case emitSelf:
		r.l.lex(p.state, true, groups[0], r.sink)
	default:
		r.drain(p.emitter.Emit(groups, &r.st))
	}
}

// ensureLF is chroma's: CR LF and CR become LF.
func ensureLF(text string) string {
	buf := make([]byte, len(text))
	var j int
	for i := range len(text) {
		c := text[i]
		if c == '\r' {
			if i < len(text)-1 && text[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		buf[j] = c
		j++
	}
	return string(buf[:j])
}
