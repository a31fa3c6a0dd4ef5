package seeds

// node is the format-neutral tree every seeds file is turned into before the
// indicators are read from it, so that YAML, JSON and TOML share one validator
// and one set of messages. Scalars keep their source text untouched.
type node struct {
	kind  nodeKind
	text  string // scalar: the text as written (numbers unrounded), strings unquoted
	isNum bool   // scalar written as a number literal (not quoted)
	line  int
	col   int
	keys  []keyed // map entries in source order
	items []*node // list items
}

type nodeKind int

const (
	scalarNode nodeKind = iota
	mapNode
	listNode
	nullNode
	otherNode // booleans, dates and the like: never valid in a seeds field
)

type keyed struct {
	key       string
	line, col int // position of the key
	val       *node
}

// describe names the kind of a node for messages.
func (n *node) describe() string {
	switch n.kind {
	case mapNode:
		return "映射（键值对）"
	case listNode:
		return "列表"
	case nullNode:
		return "空值"
	case otherNode:
		return "非文字取值"
	}
	if n.isNum {
		return "数字"
	}
	return "文字"
}

func (n *node) lookup(key string) *keyed {
	for i := range n.keys {
		if n.keys[i].key == key {
			return &n.keys[i]
		}
	}
	return nil
}
