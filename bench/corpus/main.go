// Command corpus writes the benchmark corpus: DIR/ours, a site of N pages for
// this generator, and DIR/hugo, the same content as a Hugo site.
//
//	go run ./bench/corpus -n 4000 -o /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"hengdong/bench/corpus/gen"
)

func main() {
	n := flag.Int("n", 1000, "number of regular pages")
	out := flag.String("o", "", "output folder (ours/ and hugo/ are written inside; must not exist or be empty)")
	seed := flag.Int64("seed", 1, "random seed")
	noHugo := flag.Bool("no-hugo", false, "write only the site for this generator")
	plain := flag.Bool("plain", false, "the plain variant: title-only front matter, no shortcodes or page links, mixed Latin and Chinese prose, our default theme")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "corpus: %s is not empty\n", *out)
		os.Exit(1)
	}
	if err := gen.Generate(*out, gen.Options{Pages: *n, Seed: *seed, Hugo: !*noHugo, Plain: *plain}); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}
