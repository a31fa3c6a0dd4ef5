// Command search-compare measures the site search.
//
//	go run ./bench/search-compare sizes SITE QUERY…   what each query fetches (Go reference)
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
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "search-compare:", err)
		os.Exit(1)
	}
}
