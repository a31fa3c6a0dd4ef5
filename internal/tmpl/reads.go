package tmpl

import (
	"sort"
	"strings"
	"text/template/parse"
)

// Reads is what a page's templates read of pages other than itself, found in
// their parse trees: serve re-renders an output when what it read changed,
// whatever the theme. Whatever the analysis cannot follow (a partial named by
// a variable, an unknown function over pages) counts as reading every field
// of every page: it costs a re-render, never a stale page.
type Reads struct {
	// Children: the page's own .Pages or .RegularPages, beyond the pager page
	// that .Paginate and .Paginator give.
	Children bool
	// SitePages: pages reached through the site — .Site.RegularPages,
	// .GetPage, menus' pages, the lists of sections or terms — or through
	// other pages' lists.
	SitePages bool
	// Fields are the fields read of the site's pages (SitePages, or sections,
	// terms and the home page beyond their URL and title); "*" means any.
	Fields []string
}

// AllFields reports whether Fields holds "*": any field may be read.
func (r Reads) AllFields() bool { return len(r.Fields) > 0 && r.Fields[0] == "*" }

// What a value in a template is, as far as reads go.
type valueKind int

const (
	kValue     valueKind = iota // not a page: text, numbers, params, indicators
	kSelf                       // the page being rendered
	kSite                       // the site object
	kAncestor                   // the page's Parent or one of its Ancestors: a neighbour whose own Parent and Ancestors are the page's ancestors too
	kNeighbour                  // pages the output key already covers: Prev, Next, Parent, Ancestors, own Sections and Terms, pager pages
	kChildren                   // the page's own .Pages / .RegularPages
	kSiteList                   // the site's sections, terms and home: their URL and title are in the global key
	kSitePages                  // any page of the site
	kPager                      // a Pager: its .Pages are the pager page's, which the key covers
	kMenu                       // menus and their entries: only an entry's .Page is a page
)

// Fields of a page whose value is other pages, by the kind they lead to from
// the page itself.
var selfPageFields = map[string]valueKind{
	"Pages": kChildren, "RegularPages": kChildren,
	"Prev": kNeighbour, "Next": kNeighbour, "Parent": kAncestor, "Ancestors": kAncestor,
	"Sections": kNeighbour, "Terms": kNeighbour, "Paginator": kPager, "Paginate": kPager,
	"GetPage": kSitePages, "Site": kSite,
	// Related: the output key hashes the related pages (build's shown), as
	// it does Prev and Next; which pages they are follows from the tree.
	"Related": kNeighbour,
}

var siteFields = map[string]valueKind{
	"RegularPages": kSitePages, "Pages": kSitePages, "GetPage": kSitePages, "Menus": kMenu,
	"Sections": kSiteList, "Taxonomies": kSiteList, "Home": kSiteList,
}

// globalKeyFields are the fields of sections, terms and the home page that
// serve's global key already covers (it hashes their URLs and titles).
var globalKeyFields = map[string]bool{"RelPermalink": true, "Permalink": true, "Title": true, "Term": true, "Section": true, "RSSLink": true}

// Functions whose result is (a part of) their page-list argument.
var listFuncs = map[string]bool{"first": true, "last": true, "where": true, "sort": true, "index": true, "after": true, "shuffle": true, "uniq": true, "default": true, "slice": true}

// ReadsOf analyses the templates that render a page with the content template
// name: the base template when name defines blocks, the content template,
// and every partial they call, transitively.
func (e *Engine) ReadsOf(name string) Reads {
	if r, ok := e.reads.Load(name); ok {
		return r.(Reads)
	}
	a := &readAnalysis{e: e, fields: map[string]bool{}, trees: map[string]*parse.Tree{}, done: map[string]bool{}}
	files := []string{name}
	if hasDefine.Match(e.files[name]) {
		files = append([]string{"layouts/_default/baseof.html"}, files...)
		// A type's own baseof may be chosen too: analyse every baseof.
		for f := range e.files {
			if strings.HasSuffix(f, "/baseof.html") && f != files[0] {
				files = append(files, f)
			}
		}
	}
	for _, f := range files {
		a.addFile(f)
	}
	for _, f := range files {
		if t := a.trees[f]; t != nil {
			a.tree(f, t, kSelf)
		}
	}
	r := a.result()
	e.reads.Store(name, r)
	return r
}

type readAnalysis struct {
	e      *Engine
	trees  map[string]*parse.Tree // template name (file or define) → tree
	done   map[string]bool        // tree name and dot kind already walked
	reads  Reads
	fields map[string]bool
	vars   []map[string]valueKind
	// countOnly: the chain being evaluated is len's argument, so a list at
	// its end is only counted (each page's version hashes its counts).
	countOnly bool
}

func (a *readAnalysis) result() Reads {
	r := a.reads
	if a.fields["*"] {
		r.Fields = []string{"*"}
		return r
	}
	for f := range a.fields {
		r.Fields = append(r.Fields, f)
	}
	sort.Strings(r.Fields)
	return r
}

// unknown records something the analysis cannot follow.
func (a *readAnalysis) unknown() {
	a.reads.SitePages = true
	a.fields["*"] = true
}

// addFile parses a layout file and its defines; a file that does not exist
// or does not parse adds nothing (rendering reports it).
func (a *readAnalysis) addFile(name string) {
	if _, ok := a.e.files[name]; !ok {
		return
	}
	set, ok := a.e.parsed(name)
	if !ok {
		a.unknown()
		return
	}
	// Later files win, as when the content template's define "main" fills
	// the base template's block "main".
	for n, tr := range set {
		a.trees[n] = tr
	}
}

func (a *readAnalysis) tree(name string, t *parse.Tree, dot valueKind) {
	key := name + "\x00" + string(rune('0'+dot))
	if a.done[key] || t == nil || t.Root == nil {
		return
	}
	a.done[key] = true
	saved := a.vars
	a.vars = []map[string]valueKind{{"$": dot}}
	a.list(t.Root, dot)
	a.vars = saved
}

func (a *readAnalysis) list(l *parse.ListNode, dot valueKind) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		a.node(n, dot)
	}
}

func (a *readAnalysis) node(n parse.Node, dot valueKind) {
	switch n := n.(type) {
	case *parse.ActionNode:
		a.pipe(n.Pipe, dot)
	case *parse.IfNode:
		a.pipe(n.Pipe, dot)
		a.list(n.List, dot)
		a.list(n.ElseList, dot)
	case *parse.WithNode:
		k := a.pipe(n.Pipe, dot)
		a.list(n.List, k)
		a.list(n.ElseList, dot)
	case *parse.RangeNode:
		k := a.pipe(n.Pipe, dot)
		a.list(n.List, k)
		a.list(n.ElseList, dot)
	case *parse.TemplateNode:
		k := dot
		if n.Pipe != nil {
			k = a.pipe(n.Pipe, dot)
		}
		name := n.Name
		if a.trees[name] == nil && strings.HasPrefix(name, "partials/") {
			// {{ template "partials/x.html" . }} runs the partial's file (addPartials).
			name = "layouts/" + name
			if _, seen := a.trees[name]; !seen {
				a.addFile(name)
			}
		}
		if t := a.trees[name]; t != nil {
			a.tree(name, t, k)
		}
	}
}

// pipe evaluates a pipeline: the kind of its value; declared variables get it.
func (a *readAnalysis) pipe(p *parse.PipeNode, dot valueKind) valueKind {
	if p == nil {
		return kValue
	}
	k := kValue
	for i, c := range p.Cmds {
		k = a.command(c, dot, k, i > 0)
	}
	for _, v := range p.Decl {
		a.setVar(v.Ident[0], k)
	}
	return k
}

func (a *readAnalysis) setVar(name string, k valueKind) {
	if len(a.vars) == 0 {
		a.vars = []map[string]valueKind{{}}
	}
	m := a.vars[len(a.vars)-1]
	m[name] = max(m[name], k)
}

func (a *readAnalysis) variable(name string) valueKind {
	for i := len(a.vars) - 1; i >= 0; i-- {
		if k, ok := a.vars[i][name]; ok {
			return k
		}
	}
	return kSitePages // unknown variable: assume the worst kind of page
}

// command evaluates one command of a pipeline; piped is the previous
// command's value when there is one (it is the last argument).
func (a *readAnalysis) command(c *parse.CommandNode, dot, piped valueKind, hasPiped bool) valueKind {
	if len(c.Args) == 0 {
		return kValue
	}
	switch fn := c.Args[0].(type) {
	case *parse.IdentifierNode:
		args := make([]valueKind, 0, len(c.Args))
		for _, arg := range c.Args[1:] {
			a.countOnly = fn.Ident == "len"
			args = append(args, a.arg(arg, dot))
			a.countOnly = false
		}
		if fn.Ident == "len" {
			return kValue
		}
		if hasPiped {
			args = append(args, piped)
		}
		switch fn.Ident {
		case "site":
			return kSite
		case "partial", "partialCached":
			a.partial(c.Args, args)
			return kValue
		}
		if listFuncs[fn.Ident] {
			k := kValue
			for _, x := range args {
				k = max(k, x)
			}
			return k
		}
		return kValue
	case *parse.FieldNode:
		// A method call on dot: .Paginate X only shows the pager page.
		k := a.chain(dot, fn.Ident)
		if len(fn.Ident) == 1 && fn.Ident[0] == "Paginate" && dot == kSelf {
			for _, arg := range c.Args[1:] {
				if f, ok := arg.(*parse.FieldNode); ok && len(f.Ident) == 1 && selfPageFields[f.Ident[0]] == kChildren {
					continue // .Paginate .Pages: the pager page, which the key covers
				}
				a.arg(arg, dot)
			}
			return k
		}
		for _, arg := range c.Args[1:] {
			a.arg(arg, dot)
		}
		return k
	default:
		k := a.arg(c.Args[0], dot)
		for _, arg := range c.Args[1:] {
			a.arg(arg, dot)
		}
		return k
	}
}

func (a *readAnalysis) arg(n parse.Node, dot valueKind) valueKind {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return a.chain(dot, n.Ident)
	case *parse.VariableNode:
		return a.chain(a.variable(n.Ident[0]), n.Ident[1:])
	case *parse.ChainNode:
		return a.chain(a.arg(n.Node, dot), n.Field)
	case *parse.PipeNode:
		return a.pipe(n, dot)
	case *parse.IdentifierNode:
		if n.Ident == "site" {
			return kSite
		}
		return kValue
	}
	return kValue
}

// chain applies a chain of field or method names to a value of kind k.
func (a *readAnalysis) chain(k valueKind, names []string) valueKind {
	for i, f := range names {
		if a.countOnly && i == len(names)-1 && (f == "Pages" || f == "RegularPages") {
			switch k {
			case kSelf, kAncestor, kNeighbour, kChildren:
				return kValue // counted: the page's version hashes its counts
			case kSiteList:
				a.reads.SitePages = true // counted: the listing digest has the counts
				return kValue
			}
		}
		k = a.field(k, f)
	}
	return k
}

func (a *readAnalysis) field(k valueKind, f string) valueKind {
	switch k {
	case kValue:
		return kValue
	case kSelf:
		next, ok := selfPageFields[f]
		if !ok {
			return kValue
		}
		if next == kChildren {
			a.reads.Children = true
		}
		if next == kSitePages {
			a.reads.SitePages = true
		}
		return next
	case kSite:
		next, ok := siteFields[f]
		if !ok {
			return kValue
		}
		if next == kSitePages {
			a.reads.SitePages = true
		}
		return next
	case kAncestor, kNeighbour, kChildren:
		// Their versions are in the key; pages they lead to may be any,
		// but for an ancestor's own ancestors.
		if k == kAncestor && (f == "Parent" || f == "Ancestors") {
			return kAncestor
		}
		if _, isPages := selfPageFields[f]; isPages {
			if f == "Site" {
				return kSite
			}
			a.reads.SitePages = true
			return kSitePages
		}
		return kValue
	case kSiteList:
		if globalKeyFields[f] {
			return kValue
		}
		if _, isPages := selfPageFields[f]; isPages {
			if f == "Site" {
				return kSite
			}
			a.reads.SitePages = true
			return kSitePages
		}
		a.fields[f] = true
		a.reads.SitePages = true
		return kValue
	case kPager:
		if f == "Pages" {
			return kNeighbour
		}
		return kValue
	case kMenu:
		switch f {
		case "Page":
			a.reads.SitePages = true
			return kSitePages
		case "URL", "Name", "Weight", "Identifier", "Parent", "HasChildren":
			return kValue
		}
		return kMenu // a menu's name, Children
	case kSitePages:
		if _, isPages := selfPageFields[f]; isPages {
			if f == "Site" {
				return kSite
			}
			return kSitePages
		}
		a.fields[f] = true
		return kValue
	}
	return kValue
}

// partial follows a partial called by a constant name with the kind of its
// argument; a name computed at run time cannot be followed.
func (a *readAnalysis) partial(args []parse.Node, kinds []valueKind) {
	if len(args) < 2 {
		return
	}
	s, ok := args[1].(*parse.StringNode)
	if !ok {
		a.unknown()
		return
	}
	name := s.Text
	if !strings.HasSuffix(name, ".html") {
		name += ".html"
	}
	file := "layouts/partials/" + name
	dot := kValue
	if len(kinds) > 1 {
		dot = kinds[1]
	}
	if _, seen := a.trees[file]; !seen {
		a.addFile(file)
	}
	a.tree(file, a.trees[file], dot)
}

// UsesFunc reports whether any layout calls the template function name (as
// `now`, whose output changes with the clock).
func (e *Engine) UsesFunc(name string) bool {
	for f := range e.files {
		if !strings.HasSuffix(f, ".html") && !strings.HasSuffix(f, ".xml") {
			continue
		}
		set, ok := e.parsed(f)
		if !ok {
			return true // cannot tell: assume it does
		}
		for _, tr := range set {
			found := false
			walkNodes(tr.Root, func(n parse.Node) {
				if id, ok := n.(*parse.IdentifierNode); ok && id.Ident == name {
					found = true
				}
			})
			if found {
				return true
			}
		}
	}
	return false
}

// parsed returns the parse trees of layout file name, its own (keyed by the
// file's name) and its defines', parsed once per engine for the analyses of
// what templates read (ReadsOf, siteOnly, UsesFunc). ok is false when the
// file is missing or does not parse (rendering reports that).
func (e *Engine) parsed(name string) (map[string]*parse.Tree, bool) {
	if v, ok := e.trees.Load(name); ok {
		set := v.(map[string]*parse.Tree)
		return set, set != nil
	}
	data, ok := e.files[name]
	set := map[string]*parse.Tree{}
	if ok {
		t := parse.New(name)
		t.Mode = parse.SkipFuncCheck | parse.ParseComments
		if _, err := t.Parse(string(data), "", "", set); err != nil {
			ok = false
		}
	}
	if !ok {
		set = nil
	}
	e.trees.Store(name, set)
	return set, ok
}

// walkNodes calls f for n and every node below it.
func walkNodes(n parse.Node, f func(parse.Node)) {
	if n == nil || reflectNil(n) {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkNodes(c, f)
		}
	case *parse.ActionNode:
		walkNodes(n.Pipe, f)
	case *parse.IfNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.RangeNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.WithNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.TemplateNode:
		walkNodes(n.Pipe, f)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			walkNodes(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkNodes(a, f)
		}
	case *parse.ChainNode:
		walkNodes(n.Node, f)
	}
}

// reflectNil reports a typed nil node (an absent ElseList or Pipe).
func reflectNil(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.ListNode:
		return n == nil
	case *parse.PipeNode:
		return n == nil
	}
	return false
}
