package seeds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
	"gopkg.in/yaml.v3"

	"hengdong/internal/diag"
)

const maxDepth = 64

func syntaxErr(line, col int, format, detail string) *diag.Error {
	if line < 1 {
		line, col = 1, 1
	}
	return diag.New("", line, col, format+" 文件格式错误", "按报错位置检查缩进、引号、逗号和括号", detail)
}

// ---------------------------------------------------------------- YAML

var (
	yamlLineRE      = regexp.MustCompile(`line (\d+)`)
	yamlParserErrRE = regexp.MustCompile(`did not find expected (key|'-' indicator|',' or|node content|<document start>|<stream-start>)|found (duplicate %TAG|incompatible YAML|undefined tag)`)
)

// aliasBudget is how many values beyond the file's size YAML aliases may add
// when expanded: a file of n bytes holds at most about n values written out, so
// a real file never reaches n+aliasBudget, while an alias bomb (nine aliases of
// nine aliases of …) of a few hundred bytes would expand to billions.
const aliasBudget = 100_000

// yamlConv turns a yaml.v3 tree into nodes, counting the values it makes.
type yamlConv struct {
	left int // values that may still be made
	max  int
}

func parseYAML(data []byte) (*node, *diag.Error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			if yamlParserErrRE.MatchString(err.Error()) {
				// yaml.v3 reports parser (not scanner) errors with a
				// 0-based line: the start of the construct left open.
				line++
			}
		}
		return nil, syntaxErr(line, 1, "YAML", err.Error())
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &node{kind: nullNode, line: 1, col: 1}, nil
	}
	c := &yamlConv{left: len(data) + aliasBudget, max: len(data) + aliasBudget}
	return c.fromYAML(doc.Content[0], 0)
}

func (c *yamlConv) fromYAML(n *yaml.Node, depth int) (*node, *diag.Error) {
	if depth > maxDepth {
		return nil, syntaxErr(n.Line, n.Column, "YAML", "nesting too deep")
	}
	if c.left--; c.left < 0 {
		return nil, diag.New("", n.Line, n.Column,
			fmt.Sprintf("YAML 别名（*引用）展开后的取值太多，超过上限 %d 个", c.max),
			"请不要用别名层层引用别名；把数据直接写出来",
			fmt.Sprintf("alias expansion exceeds %d values (file size + %d)", c.max, aliasBudget))
	}
	out := &node{line: n.Line, col: n.Column}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, syntaxErr(n.Line, n.Column, "YAML", "unresolved alias")
		}
		a, err := c.fromYAML(n.Alias, depth+1)
		if err != nil {
			if c.left < 0 { // point at the outermost alias, the one the editor wrote
				err.Line, err.Col = n.Line, n.Column
			}
			return nil, err
		}
		cp := *a
		cp.line, cp.col = n.Line, n.Column
		return &cp, nil
	case yaml.MappingNode:
		out.kind = mapNode
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, syntaxErr(k.Line, k.Column, "YAML", "mapping key must be a scalar")
			}
			v, err := c.fromYAML(val, depth+1)
			if err != nil {
				return nil, err
			}
			out.keys = append(out.keys, keyed{key: k.Value, line: k.Line, col: k.Column, val: v})
		}
	case yaml.SequenceNode:
		out.kind = listNode
		for _, item := range n.Content {
			v, err := c.fromYAML(item, depth+1)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, v)
		}
	case yaml.ScalarNode:
		out.text = n.Value
		switch n.ShortTag() {
		case "!!null":
			out.kind = nullNode
		case "!!int", "!!float":
			out.kind, out.isNum = scalarNode, true
		case "!!str", "!!binary":
			out.kind = scalarNode
		default: // !!bool, !!timestamp, custom tags
			out.kind = otherNode
		}
	default:
		out.kind = nullNode
	}
	return out, nil
}

// ---------------------------------------------------------------- JSON

type jsonParser struct {
	data []byte
	dec  *json.Decoder
}

func parseJSON(data []byte) (*node, *diag.Error) {
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, e := p.dec.Token(); e != io.EOF {
		line, col := p.pos()
		return nil, syntaxErr(line, col, "JSON", "unexpected data after the top-level value")
	}
	return n, nil
}

// pos returns the position of the next token: the decoder's offset after
// skipping white space and the separators ',' and ':'.
func (p *jsonParser) pos() (int, int) {
	off := int(p.dec.InputOffset())
	for off < len(p.data) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	return diag.LineCol(p.data, off)
}

func (p *jsonParser) fail(err error) *diag.Error {
	line, col := p.pos()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col = diag.LineCol(p.data, int(se.Offset))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return syntaxErr(line, col, "JSON", "unexpected end of file")
	}
	return syntaxErr(line, col, "JSON", err.Error())
}

func (p *jsonParser) value(depth int) (*node, *diag.Error) {
	line, col := p.pos()
	if depth > maxDepth {
		return nil, syntaxErr(line, col, "JSON", "nesting too deep")
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(err)
	}
	n := &node{line: line, col: col}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = mapNode
			for p.dec.More() {
				kl, kc := p.pos()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, syntaxErr(kl, kc, "JSON", "object key must be a string")
				}
				v, derr := p.value(depth + 1)
				if derr != nil {
					return nil, derr
				}
				n.keys = append(n.keys, keyed{key: key, line: kl, col: kc, val: v})
			}
		case '[':
			n.kind = listNode
			for p.dec.More() {
				v, derr := p.value(depth + 1)
				if derr != nil {
					return nil, derr
				}
				n.items = append(n.items, v)
			}
		default:
			return nil, syntaxErr(line, col, "JSON", fmt.Sprintf("unexpected %q", rune(t)))
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, p.fail(err)
		}
	case json.Number:
		n.kind, n.isNum, n.text = scalarNode, true, string(t)
	case string:
		n.kind, n.text = scalarNode, t
	case nil:
		n.kind = nullNode
	default: // bool
		n.kind, n.text = otherNode, fmt.Sprint(t)
	}
	return n, nil
}

// ---------------------------------------------------------------- TOML

func parseTOML(data []byte) (out *node, derr *diag.Error) {
	p := &unstable.Parser{}
	p.Reset(data)
	root := &node{kind: mapNode, line: 1, col: 1}
	cur := root
	posOf := func(r unstable.Range) (int, int) {
		off := int(r.Offset)
		if off > len(data) {
			off = len(data)
		}
		return diag.LineCol(data, off)
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			v, err := tomlValue(p, e.Value(), posOf, 0)
			if err != nil {
				return nil, err
			}
			if err := tomlAssign(cur, e.Key(), v, posOf); err != nil {
				return nil, err
			}
		case unstable.Table, unstable.ArrayTable:
			t, err := tomlTable(root, e.Key(), e.Kind == unstable.ArrayTable, posOf)
			if err != nil {
				return nil, err
			}
			cur = t
		}
	}
	if err := p.Error(); err != nil {
		line, col := 1, 1
		var pe *unstable.ParserError
		if errors.As(err, &pe) && len(pe.Highlight) > 0 {
			off := cap(data) - cap(pe.Highlight)
			if off >= 0 && off <= len(data) {
				line, col = diag.LineCol(data, off)
			}
		}
		return nil, syntaxErr(line, col, "TOML", err.Error())
	}
	return root, nil
}

type posFunc func(unstable.Range) (int, int)

func tomlValue(p *unstable.Parser, v *unstable.Node, posOf posFunc, depth int) (*node, *diag.Error) {
	line, col := posOf(v.Raw)
	if depth > maxDepth {
		return nil, syntaxErr(line, col, "TOML", "nesting too deep")
	}
	n := &node{line: line, col: col}
	switch v.Kind {
	case unstable.String:
		n.kind, n.text = scalarNode, string(v.Data)
	case unstable.Integer, unstable.Float:
		n.kind, n.isNum, n.text = scalarNode, true, string(v.Data)
	case unstable.Array:
		n.kind = listNode
		it := v.Children()
		for it.Next() {
			c, err := tomlValue(p, it.Node(), posOf, depth+1)
			if err != nil {
				return nil, err
			}
			if c.line == 1 && c.col == 1 && c.kind != scalarNode {
				c.line, c.col = line, col
			}
			n.items = append(n.items, c)
		}
	case unstable.InlineTable:
		n.kind = mapNode
		it := v.Children()
		for it.Next() {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			c, err := tomlValue(p, kv.Value(), posOf, depth+1)
			if err != nil {
				return nil, err
			}
			if err := tomlAssign(n, kv.Key(), c, posOf); err != nil {
				return nil, err
			}
		}
	default: // bool, dates and times
		n.kind, n.text = otherNode, string(v.Data)
	}
	return n, nil
}

// tomlAssign sets a (possibly dotted) key in table t.
func tomlAssign(t *node, key unstable.Iterator, v *node, posOf posFunc) *diag.Error {
	var parts []*unstable.Node
	for key.Next() {
		parts = append(parts, key.Node())
	}
	for i, k := range parts {
		name := string(k.Data)
		line, col := posOf(k.Raw)
		last := i == len(parts)-1
		if e := t.lookup(name); e != nil {
			if last || e.val.kind != mapNode {
				return syntaxErr(line, col, "TOML", fmt.Sprintf("key %q defined twice", name))
			}
			t = e.val
			continue
		}
		if last {
			if v.line == 1 && v.col == 1 && v.kind != scalarNode {
				v.line, v.col = line, col
			}
			t.keys = append(t.keys, keyed{key: name, line: line, col: col, val: v})
			return nil
		}
		m := &node{kind: mapNode, line: line, col: col}
		t.keys = append(t.keys, keyed{key: name, line: line, col: col, val: m})
		t = m
	}
	return nil
}

// tomlTable finds or creates the table named by a [header] or [[header]],
// returning the table later key/values go into.
func tomlTable(root *node, key unstable.Iterator, array bool, posOf posFunc) (*node, *diag.Error) {
	var parts []*unstable.Node
	for key.Next() {
		parts = append(parts, key.Node())
	}
	t := root
	for i, k := range parts {
		name := string(k.Data)
		line, col := posOf(k.Raw)
		last := i == len(parts)-1
		e := t.lookup(name)
		if last && array {
			if e == nil {
				t.keys = append(t.keys, keyed{key: name, line: line, col: col, val: &node{kind: listNode, line: line, col: col}})
				e = &t.keys[len(t.keys)-1]
			}
			if e.val.kind != listNode {
				return nil, syntaxErr(line, col, "TOML", fmt.Sprintf("%q is not an array of tables", name))
			}
			m := &node{kind: mapNode, line: line, col: col}
			e.val.items = append(e.val.items, m)
			return m, nil
		}
		if e == nil {
			m := &node{kind: mapNode, line: line, col: col}
			t.keys = append(t.keys, keyed{key: name, line: line, col: col, val: m})
			t = m
			continue
		}
		switch e.val.kind {
		case mapNode:
			t = e.val
		case listNode:
			if len(e.val.items) == 0 || e.val.items[len(e.val.items)-1].kind != mapNode {
				return nil, syntaxErr(line, col, "TOML", fmt.Sprintf("%q is not a table", name))
			}
			t = e.val.items[len(e.val.items)-1]
		default:
			return nil, syntaxErr(line, col, "TOML", fmt.Sprintf("%q is not a table", name))
		}
	}
	return t, nil
}

// ---------------------------------------------------------------- CSV

var (
	csvRequired = []string{"id", "name", "period", "value", "unit", "growth", "basis", "status", "source"}
	csvOptional = []string{"note", "group", "sourceurl"}
)

func parseCSV(file string, data []byte) ([]*Indicator, diag.List) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	fail := func(err error) ([]*Indicator, diag.List) {
		line, col := 1, 1
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line, col = pe.Line, pe.Column
		}
		e := syntaxErr(line, col, "CSV", err.Error())
		e.File = file
		e.Fix = "检查引号是否成对；含逗号的内容要用英文双引号括起来"
		return nil, diag.List{e}
	}
	header, err := r.Read()
	if err == io.EOF {
		return nil, diag.List{diag.New(file, 1, 1, "CSV 文件是空的", "第一行写表头："+strings.Join(csvRequired, ","), "empty CSV file")}
	}
	if err != nil {
		return fail(err)
	}
	v := &validator{file: file}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		line, col := r.FieldPos(i)
		switch {
		case !containsStr(csvRequired, h) && !containsStr(csvOptional, h):
			fix := "表头可用的列：" + strings.Join(append(append([]string{}, csvRequired...), csvOptional...), ",")
			v.add(line, col, fmt.Sprintf("CSV 表头中有不认识的列 “%s”", h), fix, fmt.Sprintf("unknown column %q", h))
		case cols[h] != 0:
			v.add(line, col, fmt.Sprintf("CSV 表头中列 “%s” 重复", h), "删去重复的列", fmt.Sprintf("duplicate column %q", h))
		default:
			cols[h] = i + 1
		}
	}
	for _, h := range csvRequired {
		if cols[h] == 0 {
			v.add(1, 1, fmt.Sprintf("CSV 表头缺少列 “%s”", h), "表头须包含："+strings.Join(csvRequired, ","),
				fmt.Sprintf("missing column %q", h))
		}
	}
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	list := &node{kind: listNode}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		line, col := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(header) {
			v.add(line, col, fmt.Sprintf("这一行有 %d 列，表头有 %d 列", len(rec), len(header)), "补齐或删去多余的列（空值也要留逗号）",
				fmt.Sprintf("row has %d fields, header has %d", len(rec), len(header)))
			continue
		}
		m := &node{kind: mapNode, line: line, col: col}
		for i, h := range header {
			h = strings.ToLower(strings.TrimSpace(h))
			fl, fc := r.FieldPos(i)
			if h == "sourceurl" {
				h = "sourceUrl"
			}
			cell := &node{kind: scalarNode, text: rec[i], line: fl, col: fc}
			if strings.TrimSpace(rec[i]) == "" {
				cell.kind = nullNode
				if h == "value" || h == "unit" || h == "source" || h == "id" || h == "name" || h == "period" {
					continue // reported as missing
				}
			}
			m.keys = append(m.keys, keyed{key: h, line: fl, col: fc, val: cell})
		}
		list.items = append(list.items, m)
	}
	root := &node{kind: mapNode, line: 1, col: 1, keys: []keyed{{key: "indicators", line: 1, col: 1, val: list}}}
	inds := v.document(root)
	return inds, v.errs
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
