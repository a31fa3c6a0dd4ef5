// Command search-compare measures the site search.
//
//	go run ./bench/search-compare sizes SITE QUERY…          what each query fetches (Go reference)
//	go run ./bench/search-compare compare SITE QUERIES.json  both engines in Chromium (see run.sh)
//	go run ./bench/search-compare page SITE QUERIES.json     the site's own /search/ page in Chromium (any build)
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: search-compare sizes SITE [QUERY…]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "sizes":
		err = sizes(os.Args[2], os.Args[3:])
	case "compare":
		if len(os.Args) != 4 {
			fmt.Fprintln(os.Stderr, "usage: search-compare compare SITE QUERIES.json")
			os.Exit(2)
		}
		chromium := os.Getenv("CHROMIUM")
		if chromium == "" {
			chromium = "/usr/bin/chromium"
		}
		err = compare(os.Args[2], os.Args[3], chromium)
	case "page":
		chromium := os.Getenv("CHROMIUM")
		if chromium == "" {
			chromium = "/usr/bin/chromium"
		}
		err = page(os.Args[2], os.Args[3], chromium)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "search-compare:", err)
		os.Exit(1)
	}
}
