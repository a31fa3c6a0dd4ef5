package suggest

import (
	"reflect"
	"testing"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"source", "source", 0},
		{"soruce", "source", 1}, // a swap
		{"sorce", "source", 1},
		{"indicatr", "indicator", 1},
		{"衡冬县", "衡东县", 1},
		{"abc", "", 3},
		{"chart", "indicators", 8},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"chart", "indicator", "indicators", "figure", "note"}
	tests := []struct {
		word string
		want []string
	}{
		{"indicatr", []string{"indicator", "indicators"}},
		{"chrat", []string{"chart"}},
		{"nte", []string{"note"}},
		{"xyzzy", nil},
		{"indicator", []string{"indicators"}}, // the word itself is not a suggestion
	}
	for _, tt := range tests {
		if got := Closest(tt.word, names, 3); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
