package check

// checkLoad reports the warnings content.Load found while reading the pages
// (front matter keys nothing reads), so that build, check and --strict treat
// them like every other finding.
func (s *site) checkLoad() {
	if s.res.Tree == nil {
		return
	}
	for _, w := range s.res.Tree.Warnings {
		s.add(Finding{File: w.File, Line: w.Line, Col: w.Col, Rule: RuleFrontMatterKey,
			Msg: w.Msg, Fix: w.Fix, Detail: w.Detail})
	}
}
