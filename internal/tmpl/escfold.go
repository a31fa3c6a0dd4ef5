package tmpl

import (
	"html/template"
	"io"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// escapeProbe names the template escapeFold adds to a set: it calls the
// set's root inside {{ if false }}, so that executing it escapes what the
// root reaches without running any of it, and escapeFold reuses it to run
// one action at a time.
const escapeProbe = "\x00escape-probe"

// escapePrefix starts the names of the functions html/template puts into
// the pipelines of printed values (_html_template_htmlescaper, ...): pure
// functions of what they are given.
const escapePrefix = "_html_template_"

// htmlType is the type of HTML that html/template prints as it is.
var htmlType = reflect.TypeFor[template.HTML]()

// escapeFold escapes t's set for executing root, as html/template does on
// the first execution, and then takes out of the escaped trees what the
// escaping made constant or needless, work every page paid for in calls
// through reflection:
//
//   - an action printing a string constant (a folded i18n text, {{ "·" }})
//     becomes text: the constant as its escapers print it;
//   - a call of a function whose result is template.HTML (partial,
//     partialCached, qrcode, markdownify) printed as HTML loses its
//     escaper, which returns such a value unchanged;
//   - the escapers after any other value, when they are those of one of
//     escContexts, become one call of its escChain;
//   - neighbouring texts become one.
//
// It must run before t is executed or shared. An error means t did not
// escape; t must then be thrown away (it holds the probe) and parsed again,
// so that executing it reports the error as before.
func (e *Engine) escapeFold(t *template.Template, root string) error {
	probe, err := t.New(escapeProbe).Parse(`{{ if false }}{{ template ` + strconv.Quote(root) + ` . }}{{ end }}`)
	if err != nil {
		return err
	}
	if err := t.ExecuteTemplate(io.Discard, escapeProbe, nil); err != nil {
		return err
	}
	// Only the templates the root reaches were escaped.
	reached := map[string]bool{}
	var reach func(name string)
	reach = func(name string) {
		x := t.Lookup(name)
		if reached[name] || x == nil || x.Tree == nil {
			return
		}
		reached[name] = true
		walkNodes(x.Tree.Root, func(n parse.Node) {
			if tn, ok := n.(*parse.TemplateNode); ok {
				reach(tn.Name)
			}
		})
	}
	reach(root)
	// run prints action a alone, through the probe; a constant prints the
	// same whatever the data.
	run := func(a *parse.ActionNode) (string, bool) {
		probe.Tree.Root = &parse.ListNode{NodeType: parse.NodeList, Pos: a.Pos, Nodes: []parse.Node{a}}
		var b strings.Builder
		err := t.ExecuteTemplate(&b, escapeProbe, nil)
		return b.String(), err == nil
	}
	for name := range reached {
		walkNodes(t.Lookup(name).Tree.Root, func(n parse.Node) {
			if l, ok := n.(*parse.ListNode); ok {
				e.foldList(l, run)
			}
		})
	}
	probe.Tree.Root = &parse.ListNode{NodeType: parse.NodeList}
	return nil
}

// foldList folds the actions of l as escapeFold says, and joins its texts.
func (e *Engine) foldList(l *parse.ListNode, run func(*parse.ActionNode) (string, bool)) {
	out := l.Nodes[:0]
	for _, n := range l.Nodes {
		if a, ok := n.(*parse.ActionNode); ok && len(a.Pipe.Decl) == 0 {
			cmds := a.Pipe.Cmds
			switch {
			case constantPrint(cmds):
				if s, ok := run(a); ok {
					n = &parse.TextNode{NodeType: parse.NodeText, Pos: a.Pos, Text: []byte(s)}
				}
			case len(cmds) == 2 && isIdent(cmds[1], escapePrefix+"htmlescaper") && e.returnsHTML(cmds[0]):
				a.Pipe.Cmds = cmds[:1]
			default:
				// The escapers html/template added come last.
				k := len(cmds)
				for k > 1 && isEscaper(cmds[k-1]) {
					k--
				}
				if c := e.escChains[chainKey(cmds[k:])]; c != nil && k < len(cmds) {
					id := &parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: cmds[k].Pos, Ident: c.fn}
					a.Pipe.Cmds = append(cmds[:k:k], &parse.CommandNode{NodeType: parse.NodeCommand, Pos: cmds[k].Pos, Args: []parse.Node{id}})
				}
			}
		}
		if tn, ok := n.(*parse.TextNode); ok {
			if len(tn.Text) == 0 {
				continue
			}
			if last, ok := lastText(out); ok {
				// A new node: the old one's bytes may be the parse's.
				out[len(out)-1] = &parse.TextNode{NodeType: parse.NodeText, Pos: last.Pos, Text: append(append([]byte(nil), last.Text...), tn.Text...)}
				continue
			}
		}
		out = append(out, n)
	}
	clear(l.Nodes[len(out):])
	l.Nodes = out
}

func lastText(nodes []parse.Node) (*parse.TextNode, bool) {
	if len(nodes) == 0 {
		return nil, false
	}
	tn, ok := nodes[len(nodes)-1].(*parse.TextNode)
	return tn, ok
}

// constantPrint reports a pipeline that prints a string constant through
// html/template's escapers only: {{ "text" | _html_template_htmlescaper }}.
func constantPrint(cmds []*parse.CommandNode) bool {
	if len(cmds) < 2 || len(cmds[0].Args) != 1 {
		return false
	}
	if _, ok := cmds[0].Args[0].(*parse.StringNode); !ok {
		return false
	}
	for _, c := range cmds[1:] {
		if len(c.Args) != 1 {
			return false
		}
		if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || !strings.HasPrefix(id.Ident, escapePrefix) {
			return false
		}
	}
	return true
}

// chainKey is the names of escaper commands joined by "|".
func chainKey(cmds []*parse.CommandNode) string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i], _ = escaperName(c)
	}
	return strings.Join(names, "|")
}

func isEscaper(c *parse.CommandNode) bool {
	_, ok := escaperName(c)
	return ok
}

// isIdent reports a command that is the bare function name.
func isIdent(c *parse.CommandNode, name string) bool {
	if len(c.Args) != 1 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// returnsHTML reports a command calling one of the engine's functions whose
// result is template.HTML.
func (e *Engine) returnsHTML(c *parse.CommandNode) bool {
	if len(c.Args) == 0 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && e.htmlFuncs[id.Ident]
}

// htmlFuncNames are the functions of funcs whose result is template.HTML.
func htmlFuncNames(funcs template.FuncMap) map[string]bool {
	m := map[string]bool{}
	for name, f := range funcs {
		if t := reflect.TypeOf(f); t != nil && t.Kind() == reflect.Func && t.NumOut() > 0 && t.Out(0) == htmlType {
			m[name] = true
		}
	}
	return m
}
