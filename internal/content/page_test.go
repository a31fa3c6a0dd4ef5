package content

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fill sets v (through structs and slices) to a non-zero value that differs
// from field to field.
func fill(t *testing.T, v reflect.Value, n *int) {
	*n++
	switch {
	case v.Type() == reflect.TypeOf(time.Time{}):
		v.Set(reflect.ValueOf(time.Unix(int64(*n)*86400, 0)))
	case v.Kind() == reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !f.CanSet() { // unexported
				f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem()
			}
			fill(t, f, n)
		}
	case v.Kind() == reflect.String:
		v.SetString(fmt.Sprint("v", *n))
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.Kind() == reflect.Int:
		v.SetInt(int64(*n))
	case v.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(t, v.Index(0), n)
	case v.Kind() == reflect.Map:
		v.Set(reflect.ValueOf(map[string]any{"k": *n}))
	default:
		t.Fatalf("fill: no value for %s", v.Type())
	}
}

// TestFrontMatterRoundTrip: Page declares FrontMatter's fields instead of
// embedding it (faster field lookups in templates); setFrontMatter and
// frontMatter must carry every one of them, including fields added later.
func TestFrontMatterRoundTrip(t *testing.T) {
	var fm FrontMatter
	n := 0
	fill(t, reflect.ValueOf(&fm).Elem(), &n)
	var p Page
	p.setFrontMatter(fm)
	if got := p.frontMatter(); !reflect.DeepEqual(got, fm) {
		t.Errorf("front matter through a Page:\n got %+v\nwant %+v", got, fm)
	}
}
