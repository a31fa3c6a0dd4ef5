package gen

// The two sites' configuration and templates. They lay out the same page the
// same way: head meta, header navigation, breadcrumbs, article with meta line,
// table of contents and prev/next links, lists with summaries and a windowed
// pagination bar, tag pages, a 网站地图 page, a 404 page and a footer.

const oursConfig = `title = "衡东县人民政府（基准测试）"
baseURL = "https://bench.example.gov.cn/"
languageCode = "zh-CN"
description = "衡东县人民政府门户网站基准测试站点"
paginate = 10
summaryLength = 120

[taxonomies]
tag = "tags"

[footer]
sponsor = "衡东县人民政府办公室"
organizer = "衡东县政务服务中心"
contact = "电话：0734-0000000　邮箱：webmaster@bench.example.gov.cn"
siteCode = "4304240001"
icp = "湘ICP备00000000号-1"
policeRecord = "湘公网安备43042402000000号"
`

const hugoConfig = `baseURL = "https://bench.example.gov.cn/"
languageCode = "zh-CN"
title = "衡东县人民政府（基准测试）"
paginate = 10
hasCJKLanguage = true
summaryLength = 120
rssLimit = 20
enableRobotsTXT = true
disableHugoGeneratorInject = true

[taxonomies]
tag = "tags"

[params]
description = "衡东县人民政府门户网站基准测试站点"
sponsor = "衡东县人民政府办公室"
organizer = "衡东县政务服务中心"
contact = "电话：0734-0000000　邮箱：webmaster@bench.example.gov.cn"
siteCode = "4304240001"
icp = "湘ICP备00000000号-1"
policeRecord = "湘公网安备43042402000000号"
policeCode = "43042402000000"

[outputs]
home = ["HTML", "RSS", "JSON"]
section = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 4
`

const benchCSS = `:root { --red: #b40000; --ink: #222; --muted: #666; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.8 "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); }
.wrap { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
.site-header { background: var(--red); color: #fff; }
.site-header nav ul { display: flex; flex-wrap: wrap; gap: 8px 20px; list-style: none; margin: 0; padding: 8px 0; }
.site-header a { color: #fff; text-decoration: none; }
.breadcrumbs ol { display: flex; gap: 6px; list-style: none; padding: 0; color: var(--muted); }
.breadcrumbs li + li::before { content: "›"; margin-right: 6px; }
.article h1 { font-size: 28px; line-height: 1.4; }
.page-meta { color: var(--muted); font-size: 14px; }
.article-body table { border-collapse: collapse; width: 100%; }
.article-body th, .article-body td { border: 1px solid #ddd; padding: 4px 8px; }
.article-body img { max-width: 100%; height: auto; }
.page-list { list-style: none; padding: 0; }
.page-list li { border-bottom: 1px dashed #ddd; padding: 8px 0; }
.pagination ul { display: flex; gap: 6px; list-style: none; padding: 0; }
.site-footer { margin-top: 40px; background: #f4f4f4; font-size: 14px; color: var(--muted); }
@media (max-width: 640px) { body { font-size: 17px; } .article h1 { font-size: 22px; } }
`

var oursLayouts = map[string]string{
	"_default/baseof.html": `<!doctype html>
<html lang="zh-CN">
<head>
{{ partial "head-meta.html" . }}
</head>
<body class="kind-{{ .Kind }}">
<a class="skip-link" href="#main">跳到主要内容</a>
{{ partial "header.html" . }}
{{ partial "breadcrumbs.html" . }}
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
{{ partial "footer.html" . }}
</body>
</html>
`,
	"partials/head-meta.html": `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} - {{ .Site.Title }}{{ end }}</title>
{{- with .Permalink }}
<link rel="canonical" href="{{ . }}">
{{- end }}
{{- with .Description }}
<meta name="description" content="{{ . }}">
{{- else }}{{ if .IsPage }}
<meta name="description" content="{{ truncate 120 (plainify .Summary) }}">
{{- end }}{{ end }}
{{- with .RSSLink }}
<link rel="alternate" type="application/rss+xml" href="{{ . }}" title="{{ $.Site.Title }}">
{{- end }}
<meta name="SiteName" content="{{ .Site.Title }}">
<meta name="SiteDomain" content="{{ .Site.Domain }}">
<meta name="SiteIDCode" content="{{ .Site.Footer.SiteCode }}">
{{- if .IsSection }}
<meta name="ColumnName" content="{{ .Title }}">
<meta name="ColumnDescription" content="{{ with .Description }}{{ . }}{{ else }}{{ .Title }}{{ end }}">
<meta name="ColumnKeywords" content="{{ .Title }}">
<meta name="ColumnType" content="{{ .Title }}">
{{- end }}
{{- if .IsPage }}
<meta name="ArticleTitle" content="{{ .Title }}">
<meta name="PubDate" content="{{ dateFormat "2006-01-02 15:04" .Date }}">
<meta name="ContentSource" content="{{ .Source }}">
{{- end }}
<link rel="stylesheet" href="{{ relURL "css/bench.css" }}">
`,
	"partials/header.html": `<header class="site-header"><div class="wrap">
<a class="logo" href="{{ relURL "/" }}"><img src="{{ relURL "images/bench/logo.svg" }}" alt="{{ .Site.Title }}" width="120" height="40"></a>
<nav aria-label="主导航"><ul>
{{- range .Site.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li><a href="{{ relURL "tags/" }}">标签</a></li>
</ul></nav>
</div></header>
`,
	"partials/breadcrumbs.html": `{{- if not .IsHome }}
<nav class="breadcrumbs wrap" aria-label="当前位置"><ol>
{{- range .Ancestors }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li aria-current="page">{{ .Title }}</li>
</ol></nav>
{{- end }}
`,
	"partials/footer.html": `<footer class="site-footer"><div class="wrap">
{{- $f := .Site.Footer }}
<p><a href="{{ relURL "sitemap/" }}">网站地图</a>　<a href="{{ relURL "index.xml" }}">RSS 订阅</a>　<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={{ $f.SiteCode }}&url={{ .Permalink }}" rel="noopener">我为政府网站找错</a></p>
<dl class="footer-facts">
<div><dt>主办单位</dt><dd>{{ $f.Sponsor }}</dd></div><div><dt>承办单位</dt><dd>{{ $f.Organizer }}</dd></div>
<div><dt>联系方式</dt><dd>{{ $f.Contact }}</dd></div><div><dt>网站标识码</dt><dd>{{ $f.SiteCode }}</dd></div>
<div><dt>ICP备案号</dt><dd><a href="https://beian.miit.gov.cn/" rel="noopener">{{ $f.ICP }}</a></dd></div>
<div><dt>公安机关备案号</dt><dd><a href="https://beian.mps.gov.cn/#/query/webSearch?code={{ $f.PoliceCode }}" rel="noopener">{{ $f.PoliceRecord }}</a></dd></div>
</dl>
</div></footer>
`,
	"partials/page-meta.html": `<p class="page-meta">发布时间：<time datetime="{{ dateFormat "2006-01-02" .Date }}">{{ dateCN .Date }}</time>{{ with .Source }} 来源：{{ . }}{{ end }}
{{- with .Tags }} 标签：{{ range $i, $t := . }}{{ if $i }}、{{ end }}<a href="{{ relURL "tags/" }}{{ urlize $t }}/">{{ $t }}</a>{{ end }}{{ end }}</p>
`,
	"partials/page-list.html": `<ul class="page-list">
{{- range . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if .IsPage }} <time datetime="{{ dateFormat "2006-01-02" .Date }}">{{ dateCN .Date }}</time>
<p>{{ .Summary }}</p>{{ end }}</li>
{{- end }}
</ul>
`,
	"partials/pagination.html": `{{- if gt .TotalPages 1 }}
<nav class="pagination" aria-label="分页"><ul>
{{- if .HasPrev }}
<li><a href="{{ .First }}">首页</a></li><li><a href="{{ .PrevURL }}" rel="prev">上一页</a></li>
{{- end }}
{{- $n := .PageNumber }}
{{- range .Numbers }}{{ if and (ge .Number (sub $n 2)) (le .Number (add $n 2)) }}
<li>{{ if .Current }}<span aria-current="page">{{ .Number }}</span>{{ else }}<a href="{{ .URL }}">{{ .Number }}</a>{{ end }}</li>
{{- end }}{{ end }}
{{- if .HasNext }}
<li><a href="{{ .NextURL }}" rel="next">下一页</a></li><li><a href="{{ .Last }}">末页</a></li>
{{- end }}
</ul></nav>
{{- end }}
`,
	"_default/single.html": `{{ define "main" }}
<article class="article">
<h1>{{ .Title }}</h1>
{{ partial "page-meta.html" . }}
{{- with .TableOfContents }}
<details class="toc-box" open><summary>本页目录</summary>
{{ . }}
</details>
{{- end }}
<div class="article-body">
{{ .Content }}
</div>
{{- if or .Prev .Next }}
<nav class="prev-next" aria-label="上一篇/下一篇"><ul>
{{- with .Prev }}
<li class="prev">上一篇：<a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a></li>
{{- end }}
{{- with .Next }}
<li class="next">下一篇：<a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a></li>
{{- end }}
</ul></nav>
{{- end }}
</article>
{{ end }}
`,
	"_default/list.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{- with .Content }}
<div class="section-intro">{{ . }}</div>
{{- end }}
{{- with .RSSLink }}
<p class="rss-link"><a href="{{ . }}">订阅本栏目 RSS</a></p>
{{- end }}
{{- $pager := .Paginator }}
{{ partial "page-list.html" $pager.Pages }}
{{ partial "pagination.html" $pager }}
{{ end }}
`,
	"_default/term.html": `{{ define "main" }}
<h1>标签：{{ .Title }}</h1>
{{- $pager := .Paginator }}
{{ partial "page-list.html" $pager.Pages }}
{{ partial "pagination.html" $pager }}
{{ end }}
`,
	"_default/taxonomy.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{- range .Paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ .Count }}）</li>
{{- end }}
</ul>
{{ partial "pagination.html" .Paginator }}
{{ end }}
`,
	"index.html": `{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ .Content }}
{{- range .Site.Sections }}
<section class="home-section"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ partial "page-list.html" (first 5 .RegularPages) }}
</section>
{{- end }}
<section class="home-section"><h2>最新发布</h2>
{{ partial "page-list.html" (first 10 .Site.RegularPages) }}
</section>
{{ end }}
`,
	"404.html": `{{ define "main" }}
<h1>页面未找到</h1>
<p>您访问的页面不存在或已删除。<a href="{{ relURL "/" }}">返回首页</a></p>
{{ end }}
`,
	"_default/sitemap-page.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="sitemap">
{{- range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Sections }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</li>
{{- end }}
</ul>
{{ end }}
`,
}

var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!doctype html>
<html lang="zh-CN">
<head>
{{ partial "head-meta.html" . }}
</head>
<body class="kind-{{ .Kind }}">
<a class="skip-link" href="#main">跳到主要内容</a>
{{ partial "header.html" . }}
{{ partial "breadcrumbs.html" . }}
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
{{ partial "footer.html" . }}
</body>
</html>
`,
	"partials/head-meta.html": `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} - {{ site.Title }}{{ end }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{- with .Description }}
<meta name="description" content="{{ . }}">
{{- else }}{{ if .IsPage }}
<meta name="description" content="{{ .Summary | plainify | truncate 120 }}">
{{- end }}{{ end }}
{{- with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">
{{- end }}
<meta name="SiteName" content="{{ site.Title }}">
<meta name="SiteDomain" content="{{ (urls.Parse site.BaseURL).Host }}">
<meta name="SiteIDCode" content="{{ site.Params.siteCode }}">
{{- if .IsSection }}
<meta name="ColumnName" content="{{ .Title }}">
<meta name="ColumnDescription" content="{{ with .Description }}{{ . }}{{ else }}{{ .Title }}{{ end }}">
<meta name="ColumnKeywords" content="{{ .Title }}">
<meta name="ColumnType" content="{{ .Title }}">
{{- end }}
{{- if .IsPage }}
<meta name="ArticleTitle" content="{{ .Title }}">
<meta name="PubDate" content="{{ .Date.Format "2006-01-02 15:04" }}">
<meta name="ContentSource" content="{{ .Params.source }}">
{{- end }}
<link rel="stylesheet" href="{{ "css/bench.css" | relURL }}">
`,
	"partials/header.html": `<header class="site-header"><div class="wrap">
<a class="logo" href="{{ "/" | relURL }}"><img src="{{ "images/bench/logo.svg" | relURL }}" alt="{{ site.Title }}" width="120" height="40"></a>
<nav aria-label="主导航"><ul>
{{- range where site.Sections "Section" "ne" "sitemap" }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li><a href="{{ "tags/" | relURL }}">标签</a></li>
</ul></nav>
</div></header>
`,
	"partials/breadcrumbs.html": `{{- if not .IsHome }}
<nav class="breadcrumbs wrap" aria-label="当前位置"><ol>
{{- range .Ancestors.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li aria-current="page">{{ .Title }}</li>
</ol></nav>
{{- end }}
`,
	"partials/footer.html": `<footer class="site-footer"><div class="wrap">
{{- $f := site.Params }}
<p><a href="{{ "sitemap/" | relURL }}">网站地图</a>　<a href="{{ "index.xml" | relURL }}">RSS 订阅</a>　<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={{ $f.siteCode }}&url={{ .Permalink }}" rel="noopener">我为政府网站找错</a></p>
<dl class="footer-facts">
<div><dt>主办单位</dt><dd>{{ $f.sponsor }}</dd></div><div><dt>承办单位</dt><dd>{{ $f.organizer }}</dd></div>
<div><dt>联系方式</dt><dd>{{ $f.contact }}</dd></div><div><dt>网站标识码</dt><dd>{{ $f.siteCode }}</dd></div>
<div><dt>ICP备案号</dt><dd><a href="https://beian.miit.gov.cn/" rel="noopener">{{ $f.icp }}</a></dd></div>
<div><dt>公安机关备案号</dt><dd><a href="https://beian.mps.gov.cn/#/query/webSearch?code={{ $f.policeCode }}" rel="noopener">{{ $f.policeRecord }}</a></dd></div>
</dl>
</div></footer>
`,
	"partials/page-meta.html": `<p class="page-meta">发布时间：<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>{{ with .Params.source }} 来源：{{ . }}{{ end }}
{{- with .GetTerms "tags" }} 标签：{{ range $i, $t := . }}{{ if $i }}、{{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}{{ end }}</p>
`,
	"partials/page-list.html": `<ul class="page-list">
{{- range . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if .IsPage }} <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>
<p>{{ .Summary }}</p>{{ end }}</li>
{{- end }}
</ul>
`,
	"partials/pagination.html": `{{- if gt .TotalPages 1 }}
<nav class="pagination" aria-label="分页"><ul>
{{- if .HasPrev }}
<li><a href="{{ .First.URL }}">首页</a></li><li><a href="{{ .Prev.URL }}" rel="prev">上一页</a></li>
{{- end }}
{{- $n := .PageNumber }}
{{- range .Pagers }}{{ if and (ge .PageNumber (sub $n 2)) (le .PageNumber (add $n 2)) }}
<li>{{ if eq .PageNumber $n }}<span aria-current="page">{{ .PageNumber }}</span>{{ else }}<a href="{{ .URL }}">{{ .PageNumber }}</a>{{ end }}</li>
{{- end }}{{ end }}
{{- if .HasNext }}
<li><a href="{{ .Next.URL }}" rel="next">下一页</a></li><li><a href="{{ .Last.URL }}">末页</a></li>
{{- end }}
</ul></nav>
{{- end }}
`,
	"_default/single.html": `{{ define "main" }}
<article class="article">
<h1>{{ .Title }}</h1>
{{ partial "page-meta.html" . }}
{{- with .TableOfContents }}
<details class="toc-box" open><summary>本页目录</summary>
{{ . }}
</details>
{{- end }}
<div class="article-body">
{{ .Content }}
</div>
{{- if or .PrevInSection .NextInSection }}
<nav class="prev-next" aria-label="上一篇/下一篇"><ul>
{{- with .NextInSection }}
<li class="prev">上一篇：<a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a></li>
{{- end }}
{{- with .PrevInSection }}
<li class="next">下一篇：<a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a></li>
{{- end }}
</ul></nav>
{{- end }}
</article>
{{ end }}
`,
	"_default/list.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{- with .Content }}
<div class="section-intro">{{ . }}</div>
{{- end }}
{{- with .OutputFormats.Get "rss" }}
<p class="rss-link"><a href="{{ .RelPermalink }}">订阅本栏目 RSS</a></p>
{{- end }}
{{- $pager := .Paginator }}
{{ partial "page-list.html" $pager.Pages }}
{{ partial "pagination.html" $pager }}
{{ end }}
`,
	"_default/term.html": `{{ define "main" }}
<h1>标签：{{ .Title }}</h1>
{{- $pager := .Paginator }}
{{ partial "page-list.html" $pager.Pages }}
{{ partial "pagination.html" $pager }}
{{ end }}
`,
	"_default/taxonomy.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{- range .Paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .Pages }}）</li>
{{- end }}
</ul>
{{ partial "pagination.html" .Paginator }}
{{ end }}
`,
	"index.html": `{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
{{- range where site.Sections "Section" "ne" "sitemap" }}
<section class="home-section"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ partial "page-list.html" (first 5 .RegularPagesRecursive) }}
</section>
{{- end }}
<section class="home-section"><h2>最新发布</h2>
{{ partial "page-list.html" (first 10 site.RegularPages) }}
</section>
{{ end }}
`,
	"index.json": `{{- $docs := slice -}}
{{- range site.RegularPages -}}
{{- $docs = $docs | append (dict "url" .RelPermalink "title" .Title "section" .Section "date" (.Date.Format "2006-01-02") "headings" (findRE "<h[2-4][^>]*>[^<]*" .Content) "body" .Plain) -}}
{{- end -}}
{{- $docs | jsonify -}}
`,
	"404.html": `{{ define "main" }}
<h1>页面未找到</h1>
<p>您访问的页面不存在或已删除。<a href="{{ "/" | relURL }}">返回首页</a></p>
{{ end }}
`,
	"_default/sitemap-page.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="sitemap">
{{- range where site.Sections "Section" "ne" "sitemap" }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Sections }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</li>
{{- end }}
</ul>
{{ end }}
`,
	"shortcodes/indicator.html": `{{- $id := .Get 0 -}}
{{- with index site.Data.indicators $id -}}
<data class="indicator" value="{{ .value }}" title="来源：{{ .source }}">{{ .value }}{{ .unit }}，{{ .basis }}增长{{ .growth }}%</data>
{{- else -}}
{{- errorf "unknown indicator %q in %s" $id $.Page.File.Path -}}
{{- end -}}
`,
}
