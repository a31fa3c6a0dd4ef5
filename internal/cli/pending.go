package cli

// TEMP: replaced by serve.go and check.go.
func runServe(args []string, env Env) int { return ExitUsage }
func runCheck(args []string, env Env) int { return ExitUsage }
