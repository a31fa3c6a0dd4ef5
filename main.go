// Command hengdong builds the 衡东县 promotion portal: `go run . build` writes the
// minified site into public/, `go run . serve` previews it while editors type.
package main

import (
	"embed"
	"os"

	"hengdong/internal/cli"
)

// theme is the shipped portal's layouts, static files, archetypes and i18n tables: the default
// theme for any site, overridden file by file by the site's own.
//
//go:embed all:layouts all:static archetypes i18n
var theme embed.FS

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Env{Theme: theme, Stdout: os.Stdout, Stderr: os.Stderr}))
}
