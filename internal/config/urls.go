package config

// URLs holds how URLs are made from content file and folder names ([urls]).
type URLs struct {
	// Pinyin turns Chinese in file and folder names into pinyin slugs
	// (content/专题/乡村振兴.md → /zhuanti/xiangcunzhenxing/): URLs of only
	// ASCII letters survive being pasted into WeChat and other apps that
	// cut a link at its first percent-encoded character. Front matter slug
	// and url are used as written; taxonomy terms keep their Chinese names.
	Pinyin bool `toml:"pinyin"`
}
