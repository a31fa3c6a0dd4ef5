package tmpl

import (
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Hugo's template namespaces, called as {{ math.Round 2.5 }} or
// {{ strings.Contains .Title "衡东" }}: a function returns the namespace and
// text/template calls its method.

// MathNS is the math namespace.
type MathNS struct{}

// StringsNS is the strings namespace.
type StringsNS struct{}

func toFloat(v any) (float64, error) {
	switch n := v.(type) {
	case int:
		return float64(n), nil
	case int64:
		return float64(n), nil
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	case string:
		return strconv.ParseFloat(strings.TrimSpace(n), 64)
	}
	return 0, fmt.Errorf("not a number: %v", v)
}

// Round rounds half away from zero.
func (MathNS) Round(v any) (float64, error) { f, err := toFloat(v); return math.Round(f), err }

// Ceil rounds up.
func (MathNS) Ceil(v any) (float64, error) { f, err := toFloat(v); return math.Ceil(f), err }

// Floor rounds down.
func (MathNS) Floor(v any) (float64, error) { f, err := toFloat(v); return math.Floor(f), err }

// Abs is the absolute value.
func (MathNS) Abs(v any) (float64, error) { f, err := toFloat(v); return math.Abs(f), err }

// Max is the largest of its arguments.
func (MathNS) Max(vs ...any) (float64, error) { return fold(vs, math.Max) }

// Min is the smallest of its arguments.
func (MathNS) Min(vs ...any) (float64, error) { return fold(vs, math.Min) }

// Pow is a to the power b.
func (MathNS) Pow(a, b any) (float64, error) {
	x, err := toFloat(a)
	if err != nil {
		return 0, err
	}
	y, err := toFloat(b)
	return math.Pow(x, y), err
}

// Sqrt is the square root.
func (MathNS) Sqrt(v any) (float64, error) { f, err := toFloat(v); return math.Sqrt(f), err }

func fold(vs []any, f func(a, b float64) float64) (float64, error) {
	if len(vs) == 0 {
		return 0, fmt.Errorf("no arguments")
	}
	acc, err := toFloat(vs[0])
	for _, v := range vs[1:] {
		x, e := toFloat(v)
		if e != nil {
			return 0, e
		}
		acc = f(acc, x)
	}
	return acc, err
}

// Contains reports whether substr is in s.
func (StringsNS) Contains(s, substr any) bool { return strings.Contains(ToString(s), ToString(substr)) }

// HasPrefix reports whether s starts with prefix.
func (StringsNS) HasPrefix(s, prefix any) bool {
	return strings.HasPrefix(ToString(s), ToString(prefix))
}

// HasSuffix reports whether s ends with suffix.
func (StringsNS) HasSuffix(s, suffix any) bool {
	return strings.HasSuffix(ToString(s), ToString(suffix))
}

// TrimSpace removes white space at both ends.
func (StringsNS) TrimSpace(s any) string { return strings.TrimSpace(ToString(s)) }

// TrimPrefix removes prefix from s.
func (StringsNS) TrimPrefix(prefix, s any) string {
	return strings.TrimPrefix(ToString(s), ToString(prefix))
}

// TrimSuffix removes suffix from s.
func (StringsNS) TrimSuffix(suffix, s any) string {
	return strings.TrimSuffix(ToString(s), ToString(suffix))
}

// Split splits s at every sep.
func (StringsNS) Split(s, sep any) []string { return strings.Split(ToString(s), ToString(sep)) }

// Replace replaces every old in s by new.
func (StringsNS) Replace(s, old, new any) string {
	return strings.ReplaceAll(ToString(s), ToString(old), ToString(new))
}

// Repeat repeats s n times.
func (StringsNS) Repeat(n int, s any) string { return strings.Repeat(ToString(s), max(n, 0)) }

// RuneCount counts characters, not bytes (a Chinese character is one).
func (StringsNS) RuneCount(s any) int { return utf8.RuneCountInString(ToString(s)) }

// ToLower lower-cases s.
func (StringsNS) ToLower(s any) string { return strings.ToLower(ToString(s)) }

// ToUpper upper-cases s.
func (StringsNS) ToUpper(s any) string { return strings.ToUpper(ToString(s)) }

// Count counts the non-overlapping substr in s.
func (StringsNS) Count(substr, s any) int { return strings.Count(ToString(s), ToString(substr)) }

// FirstUpper upper-cases the first letter.
func (StringsNS) FirstUpper(s any) string {
	str := ToString(s)
	r, n := utf8.DecodeRuneInString(str)
	if n == 0 {
		return str
	}
	return strings.ToUpper(string(r)) + str[n:]
}

// regexps caches compiled patterns: templates run the same few on every page.
var regexps sync.Map

func compileRE(pattern string) (*regexp.Regexp, error) {
	if re, ok := regexps.Load(pattern); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	regexps.Store(pattern, re)
	return re, nil
}

// findRE returns the matches of pattern in s, at most limit of them (all
// when limit is left out or negative), as Hugo's findRE.
func findRE(pattern string, s any, limit ...int) ([]string, error) {
	re, err := compileRE(pattern)
	if err != nil {
		return nil, err
	}
	n := -1
	if len(limit) > 0 {
		n = limit[0]
	}
	return re.FindAllString(ToString(s), n), nil
}

// replaceRE replaces the matches of pattern in s by repl ($1 for groups).
func replaceRE(pattern, repl string, s any) (string, error) {
	re, err := compileRE(pattern)
	if err != nil {
		return "", err
	}
	return re.ReplaceAllString(ToString(s), repl), nil
}

// seq is Hugo's seq: seq 3 → 1 2 3; seq 2 4 → 2 3 4. Bounded, so that a
// template cannot allocate without limit.
func seq(args ...int) ([]int, error) {
	from, to := 1, 0
	switch len(args) {
	case 1:
		to = args[0]
	case 2:
		from, to = args[0], args[1]
	default:
		return nil, fmt.Errorf("seq takes 1 or 2 numbers")
	}
	if to-from > 100000 {
		return nil, fmt.Errorf("seq: more than 100000 numbers")
	}
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out, nil
}

func arith(op byte) func(a, b any) (any, error) {
	return func(a, b any) (any, error) {
		ai, aInt := a.(int)
		bi, bInt := b.(int)
		if aInt && bInt {
			switch op {
			case '*':
				return ai * bi, nil
			case '/':
				if bi == 0 {
					return nil, fmt.Errorf("division by zero")
				}
				return ai / bi, nil
			case '%':
				if bi == 0 {
					return nil, fmt.Errorf("division by zero")
				}
				return ai % bi, nil
			}
		}
		x, err := toFloat(a)
		if err != nil {
			return nil, err
		}
		y, err := toFloat(b)
		if err != nil {
			return nil, err
		}
		switch op {
		case '*':
			return x * y, nil
		case '/':
			if y == 0 {
				return nil, fmt.Errorf("division by zero")
			}
			return x / y, nil
		}
		return math.Mod(x, y), nil
	}
}

func namespaceFuncs() template.FuncMap {
	return template.FuncMap{
		"math":      func() MathNS { return MathNS{} },
		"strings":   func() StringsNS { return StringsNS{} },
		"findRE":    findRE,
		"replaceRE": replaceRE,
		"seq":       seq,
		"mul":       arith('*'),
		"div":       arith('/'),
		"mod":       arith('%'),
	}
}
