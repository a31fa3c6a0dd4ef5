package config

import "testing"

func TestCheckPos(t *testing.T) {
	c, err := Parse("site.toml", []byte("title = \"x\"\n[check]\nimg-alt = \"warning\"\n  \"typo-han-space\" = \"off\"\n[footer]\nsponsor = \"办\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Check["img-alt"] != "warning" || c.Check["typo-han-space"] != "off" || len(c.Check) != 2 {
		t.Errorf("check = %v", c.Check)
	}
	for id, want := range map[string]Pos{"img-alt": {3, 1}, "typo-han-space": {4, 3}, "sponsor": {}, "title": {}} {
		if got := c.CheckPos(id); got != want {
			t.Errorf("CheckPos(%q) = %v, want %v", id, got, want)
		}
	}
}
