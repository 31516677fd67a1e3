package report

// evidenceTemplate is the HTML evidence pack. Everything it shows is
// escaped by html/template; it loads nothing from elsewhere.
const evidenceTemplate = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Environment separation evidence: {{printable .Header.Repository}}</title>
<style>
:root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--bg2:#f6f8fa;--ok:#1a7f37;--gap:#cf222e;--und:#9a6700}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);max-width:76rem;margin:2rem auto;padding:0 1.5rem;line-height:1.45;font-size:15px}
h1{font-size:1.7rem;margin:.2rem 0 1rem}h2{font-size:1.35rem;border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2.2rem}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem}th,td{border:1px solid var(--line);padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:var(--bg2);font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}td.loc{min-width:15rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,"DejaVu Sans Mono",monospace;font-size:.86em;background:var(--bg2);padding:.05em .3em;border-radius:4px;word-break:break-all}
.lede{color:var(--muted)}.question{font-style:italic;color:var(--muted);margin:.2rem 0 .6rem}
.badge{display:inline-block;padding:.1em .6em;border-radius:1em;font-weight:600;font-size:.9em;border:1px solid}
.satisfied{color:var(--ok);border-color:var(--ok);background:#dafbe1}.gaps-found{color:var(--gap);border-color:var(--gap);background:#ffebe9}.not-determinable{color:var(--und);border-color:var(--und);background:#fff8c5}
.passed{color:var(--ok)}.failed{color:var(--gap);font-weight:600}.not-run{color:var(--und)}
.status{margin:.6rem 0;padding:.6rem .8rem;border-left:4px solid var(--line);background:var(--bg2)}
.status.gaps-found{border-left-color:var(--gap)}.status.satisfied{border-left-color:var(--ok)}.status.not-determinable{border-left-color:var(--und)}
.controls{font-size:.9em;color:var(--muted)}.more{color:var(--muted);font-style:italic}
ul.compact{margin:.3rem 0;padding-left:1.2rem}
svg.graph{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff;margin:.4rem 0 .8rem}
svg .trigger rect{fill:#f6f8fa;stroke:#8c959f}svg .job rect{fill:#fff;stroke:#8c959f}svg .tests rect{fill:#ddf4ff;stroke:#0969da}
svg .deploy rect{fill:#fbefff;stroke:#8250df}svg .env rect{stroke-width:2}
svg .env-production rect{fill:#ffebe9;stroke:#cf222e}svg .env-staging rect{fill:#fff8c5;stroke:#9a6700}svg .env-test rect,svg .env-development rect{fill:#dafbe1;stroke:#1a7f37}
svg .env-shared rect,svg .env-other rect{fill:#f6f8fa;stroke:#57606a}
svg text{font:12px system-ui,"DejaVu Sans",sans-serif;fill:#1f2328}svg text.first{font-weight:600}
svg path{fill:none;stroke:#8c959f;stroke-width:1.5;marker-end:url(#arrow)}svg path.deploys{stroke:#8250df;stroke-dasharray:5 3}
footer{margin-top:3rem;color:var(--muted);font-size:.85em}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10.5pt}section{break-before:page}h2,h3{break-after:avoid}tr,svg,.status{break-inside:avoid}a{color:inherit;text-decoration:none}}
</style></head><body>
<header>
<h1>Environment separation evidence: {{printable .Header.Repository}}</h1>
<p class="lede">Evidence for ISO/IEC 27001:2022 A.8.31, SOC 2 CC8.1 and NIS2 Art. 21(2)(e), read from the repository by {{.Header.Tool.Name}} {{printable .Header.Tool.Version}}.</p>
<table>
<tr><th>Repository</th><td>{{printable .Header.Repository}} <span class="lede">(from {{.Header.RepositoryFrom}})</span></td></tr>
<tr><th>Commit</th><td>{{if .Header.Commit}}<code>{{.Header.Commit}}</code>{{if .Header.Branch}} on branch <code>{{printable .Header.Branch}}</code>{{end}}{{else}}not a git repository{{end}}</td></tr>
<tr><th>Scanned</th><td>{{.Header.Tree}} at <code>{{printable .Header.Path}}</code></td></tr>
<tr><th>Date</th><td>{{.Header.Date}} <span class="lede">({{.Header.DateFrom}})</span></td></tr>
<tr><th>Tool</th><td>{{.Header.Tool.Name}} {{printable .Header.Tool.Version}}</td></tr>
<tr><th>Configuration</th><td>{{if .Header.Config.Files}}{{range $i, $f := .Header.Config.Files}}{{if $i}}, {{end}}<code>{{printable $f}}</code>{{end}}{{else}}built-in defaults{{end}}; <code>{{.Header.Config.Digest}}</code></td></tr>
<tr><th>GitHub settings</th><td>{{printable (online .Header.GitHub)}}</td></tr>
<tr><th>Checks</th><td>{{checks .Checks}}</td></tr>
</table>
</header>
<h2>Summary</h2>
<p>{{.Summary.Satisfied}} satisfied, {{.Summary.Gaps}} with gaps, {{.Summary.Undetermined}} not determinable from the repository. {{plural .Summary.Findings "finding"}} ({{.Summary.Errors}} errors, {{.Summary.Warnings}} warnings, {{.Summary.Notes}} notes); {{plural .Summary.Accepted "accepted risk"}}.</p>
<table><tr><th></th><th>evidence</th><th>status</th><th>findings</th><th>controls</th></tr>
{{range $i, $s := .Sections}}<tr><td class="n">{{add $i 1}}</td><td><a href="#{{$s.ID}}">{{$s.Title}}</a></td><td><span class="badge {{status $s.Status}}">{{mark $s.Status}} {{$s.Status}}</span></td><td class="n">{{count $s}}</td><td>{{controls $s.Controls}}</td></tr>
{{end}}</table>
{{range $i, $s := .Sections}}
<section id="{{$s.ID}}">
<h2>{{add $i 1}}. {{$s.Title}}</h2>
<p class="question">{{$s.Question}}</p>
<div class="status {{status $s.Status}}"><span class="badge {{status $s.Status}}">{{mark $s.Status}} {{$s.Status}}</span> {{printable (capital $s.Why)}}.{{if $s.Determine}}<br><strong>To determine it:</strong> {{printable $s.Determine}}.{{end}}</div>
<p class="controls"><strong>Controls:</strong> {{range $j, $c := $s.Controls}}{{if $j}}; {{end}}{{$c.ID}} ({{$c.Title}}){{end}}</p>
{{with $s.Architecture}}
<table><tr><th>environment</th><th>files</th><th>sections</th><th>jobs</th><th>hosts</th><th>cloud resources</th></tr>
{{range .Environments}}<tr><td>{{.Name}}</td><td class="n">{{.Files}}</td><td class="n">{{.Sections}}</td><td class="n">{{.Jobs}}</td><td class="n">{{len .Hosts}}</td><td class="n">{{len .Resources}}</td></tr>
{{end}}</table>
<p>Files read that belong to no environment: {{.Unclassified}}.</p>
{{range .Environments}}<h3>{{.Name}}</h3><ul class="compact">
<li>Files: {{with paths .Paths}}{{range $k, $p := .Items}}{{if $k}}, {{end}}<code>{{printable $p}}</code>{{end}}{{if .More}} <span class="more">and {{.More}} more</span>{{end}}{{end}}</li>
{{if .Hosts}}<li>Hosts: {{with paths .Hosts}}{{range $k, $p := .Items}}{{if $k}}, {{end}}<code>{{printable $p}}</code>{{end}}{{if .More}} <span class="more">and {{.More}} more</span>{{end}}{{end}}</li>{{end}}
{{if .Resources}}<li>Cloud resources: {{with resources .Resources}}{{range $k, $r := .Items}}{{if $k}}, {{end}}{{$r.Kind}} <code>{{printable $r.ID}}</code>{{end}}{{if .More}} <span class="more">and {{.More}} more</span>{{end}}{{end}}</li>{{end}}
</ul>{{end}}
<h3>Where environments touch</h3>
{{template "pairs" .Touches}}
{{end}}
{{with $s.Access}}
<h3>CODEOWNERS</h3>
{{with .CodeOwners}}{{if .Template}}<p>A project template: its production files are payload for generated projects and are not judged.</p>
{{else if not .File}}<p>No CODEOWNERS file: no owner must review changes to {{plural .ProductionFiles "production file"}}.</p>
{{else}}<p><code>{{printable .File}}</code> gives owners to {{sub .ProductionFiles (len .Unowned)}} of {{plural .ProductionFiles "production file"}}.</p>{{end}}
{{if .Owned}}<table><tr><th>owners</th><th>rule</th><th>production files</th></tr>
{{range .Owned}}<tr><td>{{printable (join .Owners " ")}}</td><td>{{printable (join .Where ", ")}}</td><td>{{len .Paths}}: {{with paths .Paths}}{{range $k, $p := .Items}}{{if $k}}, {{end}}<code>{{printable $p}}</code>{{end}}{{if .More}} <span class="more">and {{.More}} more</span>{{end}}{{end}}</td></tr>
{{end}}</table>{{end}}
{{if .Unowned}}<p>Without owners: {{with paths .Unowned}}{{range $k, $p := .Items}}{{if $k}}, {{end}}<code>{{printable $p}}</code>{{end}}{{if .More}} <span class="more">and {{.More}} more</span>{{end}}{{end}}</p>{{end}}{{end}}
<h3>Production deploy jobs</h3>
{{if .DeployJobs}}<table><tr><th>job</th><th>environment</th></tr>
{{with jobs .DeployJobs}}{{range .Items}}<tr><td><code>{{printable .Path}}:{{.Line}}</code> {{printable .Job}}</td><td>{{if .Environment}}<code>{{printable .Environment}}</code>{{else}}<strong class="failed">none</strong>{{end}}</td></tr>
{{end}}{{if .More}}<tr><td colspan="2" class="more">and {{.More}} more</td></tr>{{end}}{{end}}</table>{{else}}<p>None in this repository's workflows.</p>{{end}}
{{if .Environments}}<h3>Environment protection on GitHub</h3>
<table><tr><th>environment</th><th>protection</th></tr>
{{range .Environments}}<tr><td><code>{{printable .Name}}</code></td><td>{{printable (protect .)}}</td></tr>
{{end}}</table>{{end}}
<h3>Server hook policy</h3>
<p>{{if .Hook}}{{printable (hook .Hook)}}.{{else}}Not known to this report; pass the server's hook configuration with --hook-config to include it.{{end}}</p>
{{end}}
{{with $s.Data}}<p>Compared with {{plural .ProductionScopes "production scope"}}.</p>
<h3>Findings by environment</h3>
{{template "pairs" .Pairs}}{{end}}
{{with $s.Promotion}}<p>{{plural .ProductionDeploys "production deploy job"}}: {{.Gated}} with a promotion gate, {{.Protected}} with an <code>environment:</code>. {{plural .WithoutDeploys "workflow"}} without a deploying job.</p>
{{if .Mechanisms}}<h3>Deployed by other means</h3><ul class="compact">{{range .Mechanisms}}<li>{{printable .Name}} ({{.Kind}}): {{with paths .Paths}}{{range $k, $p := .Items}}{{if $k}}, {{end}}<code>{{printable $p}}</code>{{end}}{{if .More}} <span class="more">and {{.More}} more</span>{{end}}{{end}}</li>{{end}}</ul>{{end}}
{{range $k, $d := $.Diagrams}}{{with index $s.Promotion.Workflows $k}}<h3><code>{{printable .Path}}</code>{{if .Name}} ({{printable .Name}}){{end}}</h3>{{end}}
<svg class="graph" role="img" aria-label="deploy graph of {{printable $d.Title}}" xmlns="http://www.w3.org/2000/svg" width="{{$d.Width}}" height="{{$d.Height}}" viewBox="0 0 {{$d.Width}} {{$d.Height}}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" style="fill:#8c959f;stroke:none"/></marker></defs>
{{range $d.Edges}}<path class="{{.Class}}" d="{{.D}}"/>
{{end}}{{range $n := $d.Nodes}}<g class="{{$n.Class}}"><title>{{printable $n.Title}}</title><rect x="{{$n.X}}" y="{{$n.Y}}" width="{{$n.W}}" height="{{$n.H}}" rx="6"/>{{range $i, $l := $n.Lines}}<text x="{{midX $n}}" y="{{lineY $n $i}}" text-anchor="middle"{{if not $i}} class="first"{{end}}>{{printable $l}}</text>{{end}}</g>
{{end}}</svg>
{{with index $s.Promotion.Workflows $k}}<ul class="compact">{{range .Jobs}}<li><code>{{printable .ID}}</code>{{printable (jobLine .)}}</li>{{end}}</ul>{{end}}
{{end}}{{if gt (len .Workflows) (len $.Diagrams)}}<p class="more">…and {{sub (len .Workflows) (len $.Diagrams)}} more workflows that deploy; the JSON pack lists them all.</p>{{end}}
{{end}}
{{with $s.DirectPaths}}<p>{{plural (len .ToolingFiles) "file"}} of developer tooling (Makefiles, scripts, package.json scripts, task runners) checked for commands that reach production{{if .ToolingFiles}}: {{with paths .ToolingFiles}}{{range $k, $p := .Items}}{{if $k}}, {{end}}<code>{{printable $p}}</code>{{end}}{{if .More}} <span class="more">and {{.More}} more</span>{{end}}{{end}}{{end}}.</p>{{end}}
<h3>Checks</h3>
<ul class="compact">{{range $s.Checks}}{{$r := result $.Checks .}}<li><code>{{.}}</code> <span class="{{status $r}}">{{$r}}</span></li>{{end}}</ul>
{{template "findings" $s.Findings}}
</section>
{{end}}
<section id="accepted-risks">
<h2>Accepted risks</h2>
{{with .Accepted}}{{if .Total}}<p>{{plural .Total "finding"}} hidden: {{.Inline}} by inline comments, {{.Config}} by configuration, {{.Baseline}} by a baseline.</p>
<table><tr><th>accepted by</th><th>where</th><th>reason</th><th>findings</th></tr>
{{range .Groups}}<tr><td>{{.By}}</td><td><code>{{printable (where .)}}</code></td><td>{{printable (reason .)}}</td><td>{{len .Findings}} ({{join .Rules ", "}})</td></tr>
{{end}}</table>{{else}}<p>No finding is suppressed.</p>{{end}}
{{template "findings" .Invalid}}{{end}}
<h2>Checks</h2>
<table><tr><th>check</th><th>evidence</th><th>result</th><th>findings</th></tr>
{{range .Checks}}<tr><td><code>{{.ID}}</code><br><span class="lede">{{.Summary}}</span></td><td>{{.Section}}</td><td class="{{status .Result}}">{{.Result}}{{if .Why}}: {{printable .Why}}{{end}}</td><td class="n">{{.Findings}}</td></tr>
{{end}}</table>
{{if .Notes}}<h2>Notes</h2><ul class="compact">{{with notes .Notes}}{{range .Items}}<li>{{printable .Message}}{{if .Paths}} ({{with paths .Paths}}{{range $k, $p := .Items}}{{if $k}}, {{end}}<code>{{printable $p}}</code>{{end}}{{if .More}} and {{.More}} more{{end}}{{end}}){{end}}</li>{{end}}{{if .More}}<li class="more">…and {{.More}} more notes</li>{{end}}{{end}}</ul>{{end}}
</section>
<footer>{{.Schema}} · generated by {{.Header.Tool.Name}} {{printable .Header.Tool.Version}} · no credential value appears in this report</footer>
</body></html>
{{define "pairs"}}{{if .}}<table><tr><th>environment</th><th>touches</th><th>check</th><th>findings</th></tr>
{{range .}}<tr><td>{{env .From}}</td><td>{{target .}}</td><td><code>{{.Rule}}</code></td><td class="n">{{.Count}}</td></tr>
{{end}}</table>{{else}}<p>Nowhere.</p>{{end}}{{end}}
{{define "findings"}}{{range .}}<h3><code>{{.Rule}}</code>: {{plural .Count "finding"}}</h3>
<table><tr><th>severity</th><th>location</th><th>environment</th><th>message</th></tr>
{{with findings .Findings}}{{range .Items}}<tr><td>{{.Severity}}</td><td class="loc"><code>{{printable (location .Path .Line)}}</code></td><td>{{env .Environment}}</td><td>{{printable .Message}}{{range .Related}}<br>&#8627; <code>{{printable .Path}}:{{.Line}}</code> ({{env .Environment}}) {{printable .Message}}{{end}}</td></tr>
{{end}}{{if .More}}<tr><td colspan="4" class="more">…and {{.More}} more; the JSON pack and envfence scan list them all.</td></tr>{{end}}{{end}}</table>
{{end}}{{end}}
`
