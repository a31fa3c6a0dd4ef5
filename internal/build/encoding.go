package build

import (
	"maps"
	"slices"

	"hengdong/internal/diag"
	"hengdong/internal/textenc"
)

// checkLayoutEncoding refuses layouts that are not UTF-8 (a template saved as
// GBK would publish every page's fixed text as mojibake), at the first bad
// byte, naming the encoding. Content, seeds and site.toml are checked where
// they are parsed.
func checkLayoutEncoding(layouts map[string][]byte) error {
	var errs diag.List
	for _, name := range slices.Sorted(maps.Keys(layouts)) {
		if _, err := textenc.Check(name, layouts[name]); err != nil {
			errs = append(errs, err)
		}
	}
	return errs.Err()
}
