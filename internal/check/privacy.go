package check

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PublicNumbersKey is the [params] key of site.toml listing numbers that are
// published on purpose (a 政务服务 hotline on a mobile number, say), which
// the privacy rule leaves alone.
const PublicNumbersKey = "publicNumbers"

// hotlines are public service numbers that may look like private ones in a
// longer run of text; they are never reported.
var hotlines = map[string]bool{"12345": true, "12315": true, "12388": true, "12369": true, "12333": true, "12320": true}

// privacyHit reports whether the digit run b[i:j] is personal information a
// government site must not publish (《个人信息保护法》第二十八条 敏感个人信息;
// 《政府信息公开条例》第十五条): a 身份证号 with a valid date and check digit,
// a mobile number, or a Luhn-valid bank card number. A run that touches
// letters or other digits (a hash, a decimal, a longer number) is not one.
// clock is true when the answer depends on today's date (a 身份证号 whose
// birth date is to come).
func (s *site) privacyHit(b []byte, i, j int) (h hit, ok, clock bool) {
	n := j - i
	if n < 11 || n > 19 {
		return hit{}, false, false
	}
	if i > 0 && (isAlnum(b[i-1]) || b[i-1] == '.' || b[i-1] == '-' || b[i-1] == '/') {
		return hit{}, false, false
	}
	end := j
	if n == 17 && j < len(b) && (b[j] == 'X' || b[j] == 'x') {
		end = j + 1
	}
	if end < len(b) && (isAlnum(b[end]) || b[end] == '.' && end+1 < len(b) && isDigit(b[end+1])) {
		return hit{}, false, false
	}
	num := string(b[i:end])
	if hotlines[num] || s.publicNumbers[num] {
		return hit{}, false, false
	}
	masked := num[:3] + strings.Repeat("*", len(num)-7) + num[len(num)-4:]
	mk := func(what, fix string) (hit, bool, bool) {
		return hit{off: i, rule: RulePrivacy, key: num, form: num,
			msg:    fmt.Sprintf("页面公开了%s（%s）", what, masked),
			fix:    fix + "；确需公开的号码请列入 site.toml 的 [params] " + PublicNumbersKey,
			detail: "personal information published: " + what}, true, false
	}
	valid := len(num) == 18 && validID(num)
	clock = len(num) == 18 && !valid && validIDAt(num, maxTime)
	switch {
	case valid:
		return mk("身份证号", "请删除或打码（如 430424********1234），公开个人身份证号违反《个人信息保护法》")
	case len(num) == 11 && num[0] == '1' && num[1] >= '3' && num[1] <= '9':
		return mk("手机号码", "请改为单位办公电话，或打码为 138****5678")
	case len(num) >= 16 && strings.ContainsRune("3456", rune(num[0])) && luhn(num):
		h, ok, _ = mk("银行卡号", "请删除或只保留末四位")
		return h, ok, clock
	}
	return hit{}, false, clock
}

// maxTime is later than any birth date.
var maxTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnum(c byte) bool { return isDigit(c) || isASCIILetter(c) || c == '_' }

// idWeights are the GB 11643-1999 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// validID reports whether id is a 公民身份号码 (GB 11643-1999): an area code
// of a province (11–82), a birth date that exists since 1900 and is not in
// the future, and the right check digit.
func validID(id string) bool { return validIDAt(id, time.Now()) }

// validIDAt is validID on the day of now.
func validIDAt(id string, now time.Time) bool {
	if p := (id[0]-'0')*10 + id[1] - '0'; p < 11 || p > 82 {
		return false
	}
	y, _ := strconv.Atoi(id[6:10])
	m, _ := strconv.Atoi(id[10:12])
	d, _ := strconv.Atoi(id[12:14])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || t.Year() != y || int(t.Month()) != m || t.Day() != d || t.After(now) {
		return false
	}
	sum := 0
	for k := 0; k < 17; k++ {
		if !isDigit(id[k]) {
			return false
		}
		sum += int(id[k]-'0') * idWeights[k]
	}
	check := "10X98765432"[sum%11]
	last := id[17]
	if last == 'x' {
		last = 'X'
	}
	return last == check
}

// luhn reports whether num passes the Luhn check of bank card numbers (ISO/IEC 7812).
func luhn(num string) bool {
	sum := 0
	for k := 0; k < len(num); k++ {
		d := int(num[len(num)-1-k] - '0')
		if k%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// loadPublicNumbers reads [params] publicNumbers of site.toml.
func (s *site) loadPublicNumbers() {
	s.publicNumbers = map[string]bool{}
	list, _ := s.cfg.Params[PublicNumbersKey].([]any)
	if list == nil {
		list, _ = s.cfg.Params[strings.ToLower(PublicNumbersKey)].([]any)
	}
	for _, v := range list {
		if str, ok := v.(string); ok {
			s.publicNumbers[strings.NewReplacer("-", "", " ", "").Replace(str)] = true
		}
	}
}
