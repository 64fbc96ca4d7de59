"""The report as one self-contained HTML page: plain HTML and CSS, a little inline script, no external assets.

From the top: what was tested (and, for a slice or an aborted run, that it is one); the failures and
errors, each linked to its evidence; work in progress; the rule overview by area (status, since when,
counts, the last runs, the last full run beside a slice, the faults that prove the rule); then every
scenario by area, feature and rule, passing ones folded; the contract coverage and the step glossary.
Search and the filters (area, tag, status) narrow the overview and the scenarios alike. Developer
detail (step locations and timings) shows behind a toggle. Every text from the features, the results or
the server is escaped.
"""
from __future__ import annotations

import html
from datetime import datetime

from aether_suite.contract.rules import TAG as RULE_TAG

from . import history
from .coverage import ScenarioRef
from .results import ERROR, FAILED, LABELS, NOT_RUN, PASSED, PRECEDENCE, WIP, RunResults, ScenarioResult, group_status
from .suite import AREA_TITLES, Feature, Rule, Scenario, Step, Suite

TITLE = "Aether V3 acceptance suite: living documentation"
MARK = {PASSED: "✓", FAILED: "✗", ERROR: "!", "skipped": "–", WIP: "…", NOT_RUN: "·"}

CSS = """
:root { --passed: #1a7f37; --passed-bg: #dafbe1; --failed: #cf222e; --failed-bg: #ffebe9;
  --error: #9a4d00; --error-bg: #fff1d6; --skipped: #57606a; --skipped-bg: #eaeef2; --wip: #0969da;
  --wip-bg: #ddf4ff; --notrun: #8c959f; --notrun-bg: #f6f8fa; --line: #d0d7de; }
* { box-sizing: border-box; }
tr.gap > td { background: var(--failed-bg); } .unseen { color: var(--failed); margin-right: 4px; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
  overflow-wrap: anywhere; }
header, main > section { padding: 8px 16px; }
header { background: #24292f; color: #fff; }
header h1 { font-size: 1.25em; margin: 4px 0 6px; }
.tested { display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 0; font-size: .92em; }
.tested div { display: flex; gap: 6px; } .tested dt { color: #afb8c1; } .tested dd { margin: 0; }
h2 { font-size: 1.15em; margin: 18px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 3px; }
h3 { font-size: 1.05em; margin: 14px 0 6px; }
a { color: #0550ae; }
table { border-collapse: collapse; display: block; overflow-x: auto; max-width: 100%; font-size: .93em; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; font-size: .9em; }
.banner { margin: 10px 16px 0; padding: 8px 12px; border-radius: 6px; border-left: 6px solid; }
.banner.aborted { background: var(--failed-bg); border-color: var(--failed); }
.banner.slice { background: #fff8c5; border-color: #bf8700; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: .85em; white-space: nowrap;
  border: 1px solid; }
.st-passed { --c: var(--passed); --bg: var(--passed-bg); } .st-failed { --c: var(--failed); --bg: var(--failed-bg); }
.st-error { --c: var(--error); --bg: var(--error-bg); } .st-skipped { --c: var(--skipped); --bg: var(--skipped-bg); }
.st-wip { --c: var(--wip); --bg: var(--wip-bg); } .st-not-run { --c: var(--notrun); --bg: var(--notrun-bg); }
.badge { color: var(--c); background: var(--bg); border-color: var(--c); }
.problems li, .wip-list li { margin: 4px 0; }
.problems a, .wip-list a { font-weight: 600; }
.problems .why { display: block; color: #424a53; font-size: .92em; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; padding: 8px 0;
  position: sticky; top: 0; background: #fff; z-index: 1; border-bottom: 1px solid var(--line); }
.controls input[type=search] { flex: 1 1 220px; min-width: 0; padding: 5px 8px; font-size: 1em; }
.controls select { padding: 4px; max-width: 100%; }
.scroll { overflow-x: auto; max-width: 100%; }
table.overview { display: table; width: 100%; }
.overview td.rule-name { min-width: 14em; }
.overview tr.st-failed td.rule-name { border-left: 5px solid var(--failed); }
.overview tr.st-error td.rule-name { border-left: 5px solid var(--error); }
.overview tr.st-passed td.rule-name { border-left: 5px solid var(--passed); }
.overview tr.st-wip td.rule-name { border-left: 5px solid var(--wip); }
.overview .since { display: block; font-size: .82em; color: #57606a; white-space: nowrap; }
.runs { white-space: nowrap; }
.runs span { display: inline-block; width: 11px; height: 15px; margin-right: 2px; border-radius: 2px;
  background: var(--c); vertical-align: middle; }
.proof summary { cursor: pointer; white-space: nowrap; } .proof ul { margin: 2px 0; padding-left: 18px; }
.proof .none { color: #9a6700; }
.area > h2 { border-color: #6a7fa8; }
.feature { margin: 6px 0 16px; }
.feature > h3 { margin-bottom: 2px; } .description { white-space: pre-wrap; color: #424a53; margin: 2px 0 8px; }
.rule { border-left: 5px solid var(--c, var(--line)); background: #f6f8fa; padding: 4px 10px; margin: 8px 0; }
.rule > h4 { margin: 4px 0; font-size: 1em; }
details.scenario { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--c);
  border-radius: 4px; margin: 6px 0; }
details.scenario > summary { cursor: pointer; padding: 4px 8px; list-style-position: inside; }
details.scenario > .body { padding: 2px 10px 8px; }
.tags { font-size: .82em; color: #57606a; }
ol.steps { list-style: none; padding: 0; margin: 4px 0; }
ol.steps li { padding: 1px 0 1px 1.4em; text-indent: -1.4em; }
ol.steps li::before { content: attr(data-mark); display: inline-block; width: 1.4em; text-indent: 0;
  color: var(--c); font-weight: bold; }
ol.steps li.background { color: #57606a; }
.kw { font-weight: 600; }
.undefined-step { color: var(--wip); font-weight: 600; }
.dev { display: none; color: #57606a; font-size: .85em; } body.developer .dev { display: inline; }
body.developer div.dev, body.developer p.dev { display: block; }
.evidence { border-top: 1px dashed var(--line); margin-top: 6px; padding-top: 4px; }
.expectation { font-weight: 600; margin: 4px 0; color: var(--c); }
.evidence details { margin: 2px 0; } .evidence summary { cursor: pointer; }
.evidence h5 { margin: 8px 0 2px; font-size: .95em; }
.skip-reason { color: #57606a; }
[hidden] { display: none !important; }
"""

SCRIPT = """
(function () {
  const $ = (s, e) => (e || document).querySelector(s), $$ = (s, e) => Array.from((e || document).querySelectorAll(s));
  const q = $('#q'), area = $('#f-area'), tag = $('#f-tag'), status = $('#f-status');
  const scenarios = $$('details.scenario');
  for (const s of scenarios) {
    const rule = s.closest('div.rule'), feature = s.closest('section.feature');
    s.dataset.text = [feature.dataset.name, rule.dataset.name, s.textContent].join(' ').toLowerCase();
  }
  function wanted(el, text) {
    return (!area.value || el.dataset.area === area.value)
      && (!tag.value || el.dataset.tags.includes(' ' + tag.value + ' '))
      && (!text || el.dataset.text.includes(text));
  }
  function apply() {
    const text = q.value.trim().toLowerCase();
    const shownPerRule = {};
    for (const s of scenarios) {
      s.hidden = !(wanted(s, text) && (!status.value || s.dataset.status === status.value));
      const matched = wanted(s, text);
      if (matched) shownPerRule[s.dataset.rule] = true;
    }
    for (const r of $$('div.rule')) r.hidden = !$$('details.scenario', r).some(s => !s.hidden);
    for (const f of $$('section.feature')) f.hidden = !$$('div.rule', f).some(r => !r.hidden);
    for (const a of $$('section.area')) a.hidden = !$$('section.feature', a).some(f => !f.hidden);
    let rows = 0;
    for (const row of $$('tr.rule-row')) {
      row.hidden = !(shownPerRule[row.dataset.rule] && (!status.value || row.dataset.status === status.value));
      rows += !row.hidden;
    }
    for (const t of $$('.overview-area')) t.hidden = !$$('tr.rule-row', t).some(r => !r.hidden);
    $('#shown').textContent = rows + ' of ' + $$('tr.rule-row').length + ' rules shown';
  }
  function reset() { q.value = ''; area.value = ''; tag.value = ''; status.value = ''; apply(); }
  function reveal() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    if (target.closest('[hidden]')) reset();
    if (target.tagName === 'DETAILS') target.open = true;
    target.scrollIntoView();
  }
  for (const control of [q, area, tag, status]) control.addEventListener('input', apply);
  $('#reset').addEventListener('click', reset);
  $('#open-passed').addEventListener('change', e => {
    for (const s of scenarios) if (s.dataset.status === 'passed') s.open = e.target.checked;
  });
  $('#developer').addEventListener('change', e => document.body.classList.toggle('developer', e.target.checked));
  window.addEventListener('hashchange', reveal);
  apply(); reveal();
  document.body.dataset.ready = 'yes';
})();
"""


def render(suite: Suite, results: RunResults, records: list[dict], proof: dict[str, list[tuple[str, str]]],
           sections: list[tuple[str, str, str]]) -> str:
    """The page. ``records``: the history, this run's record last; ``sections``: (id, title, HTML) after
    the scenarios (contract coverage, step glossary)."""
    page = _Page(suite, results, records, proof)
    body = [page.header(), page.banners(), "<main>", page.problems(), page.work_in_progress(), page.overview(),
            page.scenarios()]
    body += [f"<section id='{anchor}'><h2>{_e(title)}</h2>{content}</section>" for anchor, title, content in sections]
    body.append("</main>")
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'><title>{_e(TITLE)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}<script>{SCRIPT}</script></body></html>")


def status_class(status: str) -> str:
    return "st-" + status.replace(" ", "-")


def badge(status: str, text: str | None = None) -> str:
    return f"<span class='badge {status_class(status)}'>{_e(text or LABELS[status])}</span>"


class _Page:
    def __init__(self, suite: Suite, results: RunResults, records: list[dict], proof):
        self.suite, self.results, self.records, self.proof = suite, results, records, proof
        self.current = records[-1] if records else None
        self.is_full = bool(self.current and self.current.get("full"))
        self.full = None if self.is_full else history.last_full(records, self.current)

    # ----------------------------------------------------------------- statuses of this run

    def status(self, scenario: Scenario) -> str:
        result = self.results.scenarios.get(scenario.key)
        if result is not None:
            return result.status
        return WIP if scenario.wip else NOT_RUN

    def rule_status(self, rule: Rule) -> str:
        return group_status(self.status(s) for s in rule.scenarios)

    # ----------------------------------------------------------------- the top

    def header(self) -> str:
        info = self.results.info
        tested = [("Target", info.target), ("Contract", info.contract), ("Suite commit", info.commit),
                  ("Tags", info.tags or "none"), ("Started", _when(info.started)),
                  ("Duration", f"{info.seconds:.1f} s")]
        if info.runs > 1:
            tested.append(("Merged from", f"{info.runs} runs"))
        items = "".join(f"<div><dt>{_e(name)}</dt><dd>{_e(value)}</dd></div>" for name, value in tested)
        return f"<header><h1>{_e(TITLE)}</h1><dl class=tested id=tested>{items}</dl></header>"

    def banners(self) -> str:
        info, parts = self.results.info, []
        if info.aborted:
            parts.append(f"<div class='banner aborted' id=aborted><b>This run was aborted:</b> {_e(info.aborted)}"
                         f"</div>")
        if not self.is_full:
            ran = sum(1 for _, _, s in self.suite.scenarios().values() if s.key in self.results.scenarios)
            total = sum(1 for _, _, s in self.suite.scenarios().values() if not s.wip)
            beside = (f"The overview shows the last full run beside each rule: {_when(self.full['started'])}, "
                      f"against {_e(self.full['target'])}." if self.full else "No full run has been recorded yet.")
            what = "a slice" if not info.aborted else "not a full run"
            parts.append(f"<div class='banner slice' id=slice><b>This is {what}</b>: {ran} of {total} scenarios "
                         f"(tags: {_e(info.tags or 'none')}). {beside}</div>")
        return "".join(parts)

    def problems(self) -> str:
        rows = []
        for wanted in (FAILED, ERROR):
            for feature, rule, scenario in self.suite.scenarios().values():
                result = self.results.scenarios.get(scenario.key)
                if result is not None and result.status == wanted:
                    rows.append(f"<li>{badge(wanted)} {_link(feature, rule, scenario)}"
                                f"<span class=why>{_e(result.expectation or '')}</span></li>")
        counts = self.rule_counts()
        chips = "".join(badge(status, f"{counts[status]} {LABELS[status]}") for status in PRECEDENCE
                        if counts.get(status))
        summary = f"<div class=chips>{chips} <span>rules in this run</span></div>"
        if not rows:
            return (f"<section id=problems><h2>Failures and errors</h2>{summary}"
                    f"<p>None{'' if self.results.scenarios else ': no scenario ran'}.</p></section>")
        return (f"<section id=problems><h2>Failures and errors</h2>{summary}"
                f"<ul class=problems>{''.join(rows)}</ul></section>")

    def rule_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, rule in self.suite.rules():
            status = self.rule_status(rule)
            counts[status] = counts.get(status, 0) + 1
        return counts

    def work_in_progress(self) -> str:
        rows = []
        for feature, rule, scenario in self.suite.scenarios().values():
            if self.status(scenario) != WIP:
                continue
            undefined = scenario.undefined_steps
            missing = (" — no step definition yet for: " + "; ".join(
                f"<q>{_e(step.keyword)} {_e(step.text)}</q>" for step in undefined)) if undefined else ""
            rows.append(f"<li>{_link(feature, rule, scenario)}{missing}</li>")
        if not rows:
            return ""
        return (f"<section id=wip><h2>Specified, not yet passing ({len(rows)})</h2><p>Scenarios tagged @wip: "
                f"written, not yet run by default.</p><ul class=wip-list>{''.join(rows)}</ul></section>")

    # ----------------------------------------------------------------- the rule overview

    def overview(self) -> str:
        tags = sorted({tag for _, _, s in self.suite.scenarios().values() for tag in s.tags
                       if not tag.startswith(RULE_TAG)})  # rule ids have their own section
        areas = "".join(f"<option value='{a}'>{_e(AREA_TITLES[a])}</option>" for a in self.suite.by_area())
        statuses = "".join(f"<option value='{_e(s)}'>{_e(LABELS[s])}</option>" for s in PRECEDENCE)
        controls = (
            "<div class=controls role=search>"
            "<input type=search id=q placeholder='Search features, rules, scenarios, steps' "
            "aria-label='Search features, rules, scenarios and steps'>"
            f"<select id=f-area aria-label=Area><option value=''>Every area</option>{areas}</select>"
            "<select id=f-tag aria-label=Tag><option value=''>Every tag</option>"
            + "".join(f"<option value='{_e(t)}'>@{_e(t)}</option>" for t in tags) + "</select>"
            f"<select id=f-status aria-label=Status><option value=''>Every status</option>{statuses}</select>"
            "<button type=button id=reset>Clear</button>"
            "<label><input type=checkbox id=open-passed> Open passing scenarios</label>"
            "<label><input type=checkbox id=developer> Developer details</label>"
            "<span id=shown></span></div>")
        tables = []
        for area, features in self.suite.by_area().items():
            rows = "".join(self.rule_row(area, feature, rule) for feature in features for rule in feature.rules)
            full = "<th>Last full run</th>" if self.full else ""
            tables.append(f"<div class=overview-area><h3>{_e(AREA_TITLES[area])}</h3>"
                          "<div class=scroll><table class=overview><thead>"
                          f"<tr><th>Rule</th><th>Status</th><th>Scenarios</th><th>Last runs</th>{full}"
                          f"<th>Proof</th></tr></thead><tbody>{rows}</tbody></table></div></div>")
        return f"<section id=overview><h2>Rules</h2>{controls}{''.join(tables)}</section>"

    def rule_row(self, area: str, feature: Feature, rule: Rule) -> str:
        status = self.rule_status(rule)
        counts: dict[str, int] = {}
        for scenario in rule.scenarios:
            counts[self.status(scenario)] = counts.get(self.status(scenario), 0) + 1
        count_html = " ".join(badge(s, f"{counts[s]} {LABELS[s]}") for s in PRECEDENCE if counts.get(s))
        name = (f"<a href='#{rule.anchor}'>{_e(rule.name)}</a><br><small>{_e(feature.name)}</small>" if rule.name
                else f"<a href='#{rule.anchor}'>{_e(feature.name)}</a><br><small>the feature's scenarios</small>")
        since = history.since(self.records, rule.key)
        since_html = (f"<span class=since>since {_when(since[0]['started'])} ({since[1]} run"
                      f"{'' if since[1] == 1 else 's'})</span>" if since and status not in (WIP, NOT_RUN) else "")
        runs = "".join(f"<span class={status_class(seen)} title='{_e(_when(record['started']))}: {_e(LABELS[seen])}"
                       f"{'' if record.get('full') else ' (slice)'}'></span>"
                       for record, seen in history.rule_runs(self.records, rule.key))
        full = f"<td>{badge(history.status_in(self.full, rule.key))}</td>" if self.full else ""
        tags = {tag for scenario in rule.scenarios for tag in scenario.tags}
        return (f"<tr class='rule-row {status_class(status)}' data-rule={rule.anchor} data-area={area} "
                f"data-status='{_e(status)}' data-tags=' {_e(' '.join(sorted(tags)))} '>"
                f"<td class=rule-name>{name}</td>"
                f"<td>{badge(status)}{since_html}</td><td>{count_html}</td><td class=runs>{runs}</td>{full}"
                f"<td class=proof>{self.proof_html(rule)}</td></tr>")

    def proof_html(self, rule: Rule) -> str:
        faults = self.proof.get(rule.key, [])
        if not faults:
            return "<span class=none>No catalogued fault proves this rule yet.</span>"
        items = "".join(f"<li>This rule fails if {_e(description)} <span class=dev>({_e(name)})</span></li>"
                        for name, description in faults)
        return (f"<details><summary>Fails if {len(faults)} fault{'' if len(faults) == 1 else 's'}</summary>"
                f"<ul>{items}</ul></details>")

    # ----------------------------------------------------------------- every scenario

    def scenarios(self) -> str:
        parts = ["<section id=scenarios><h2>Scenarios</h2>"]
        for area, features in self.suite.by_area().items():
            parts.append(f"<section class=area id='area-{area}'><h2>{_e(AREA_TITLES[area])}</h2>")
            parts += [self.feature_html(area, feature) for feature in features]
            parts.append("</section>")
        parts.append("</section>")
        return "".join(parts)

    def feature_html(self, area: str, feature: Feature) -> str:
        rules = []
        for rule in feature.rules:
            status = self.rule_status(rule)
            heading = f"<h4>Rule: {_e(rule.name)}</h4>" if rule.name else ""
            description = f"<p class=description>{_e(rule.description)}</p>" if rule.description else ""
            scenarios = "".join(self.scenario_html(area, rule, s) for s in rule.scenarios)
            rules.append(f"<div class='rule {status_class(status)}' id={rule.anchor} data-name='{_e(rule.name or '')}'>"
                         f"{heading}{description}{scenarios}</div>")
        description = f"<p class=description>{_e(feature.description)}</p>" if feature.description else ""
        return (f"<section class=feature id={feature.anchor} data-name='{_e(feature.name)}'>"
                f"<h3>Feature: {_e(feature.name)}</h3>"
                f"<span class='tags dev'>{_e(feature.file)}</span>{description}{''.join(rules)}</section>")

    def scenario_html(self, area: str, rule: Rule, scenario: Scenario) -> str:
        status = self.status(scenario)
        result = self.results.scenarios.get(scenario.key)
        opened = " open" if status in (FAILED, ERROR, WIP) else ""
        tags = " ".join(f"@{_e(t)}" for t in scenario.tags)
        seconds = f" <span class=dev>{result.seconds:.3f} s · {_e(scenario.location)}</span>" if result else (
            f" <span class=dev>{_e(scenario.location)}</span>")
        full = ""
        if self.full and status == NOT_RUN and scenario.key in self.full.get("scenarios", {}):
            full = f" <small>last full run: {_e(LABELS[self.full['scenarios'][scenario.key]])}</small>"
        steps = "".join(_step_html(step, _step_status(scenario, result, index, status))
                        for index, step in enumerate(scenario.steps))
        body = [f"<div class=tags>{tags}</div>" if tags else "", f"<ol class=steps>{steps}</ol>"]
        if result is not None and result.skip_reason:
            body.append(f"<p class=skip-reason>Skipped because {_e(result.skip_reason)}</p>")
        if result is not None:
            body.append(_evidence_html(result))
        return (f"<details class='scenario {status_class(status)}' id={scenario.anchor}{opened} "
                f"data-status='{_e(status)}' data-area={area} data-rule={rule.anchor} "
                f"data-tags=' {_e(' '.join(scenario.tags))} '><summary>{badge(status)} {_e(scenario.title)}"
                f"{full}{seconds}</summary><div class=body>{''.join(body)}</div></details>")


def scenario_refs(suite: Suite):
    """A function naming a scenario key for the coverage tables: its feature, title and anchor."""
    scenarios = suite.scenarios()

    def ref(key: str) -> ScenarioRef:
        if key not in scenarios:
            return ScenarioRef("", key.split("::", 1)[-1])
        feature, _, scenario = scenarios[key]
        return ScenarioRef(feature.name, scenario.title, scenario.anchor)

    return ref


def contract_rules_html(proofs: list, ref) -> str:
    """Every rule of the contract (contract/rules.toml) with its scenarios and the faults they catch; a rule
    short of a scenario or a fault is a gap, marked red. ``ref`` names a scenario key for the page."""
    rows, gaps = [], 0
    for rule_proof in proofs:
        rule, missing = rule_proof.rule, rule_proof.gaps
        gaps += bool(missing)
        scenarios = "".join(f"<li>{_ref_html(ref(key))}</li>" for key in rule_proof.scenarios)
        if rule.suite:
            scenarios += "<li>the project's tests (it binds the suite, not the server)</li>"
        faults = "".join(
            f"<li><code>{_e(fault)}</code> "
            + ("caught" if rule_proof.caught.get(fault) else
               "stops the run at the start-up checks" if fault in rule_proof.stopping else
               "not yet run by the self-check" if not rule_proof.proven else "<b>not caught</b>") + "</li>"
            for fault in rule.faults)
        proof_cell = f"<ul>{faults}</ul>" if faults else f"<small>{_e(rule.reason or '')}</small>"
        gap_cell = f"<b>{_e('; '.join(missing))}</b>" if missing else "none"
        rows.append(f"<tr{' class=gap' if missing else ''}><td><code>{_e(rule.id)}</code></td>"
                    f"<td>{_e(rule.sentence)}</td><td><ul>{scenarios}</ul></td><td>{proof_cell}</td>"
                    f"<td>{gap_cell}</td></tr>")
    return (f"<p>Rules of the contract: <b>{len(proofs)}</b> · gaps: <b>{gaps}</b>. A rule holds when a scenario "
            "tagged with its id catches each of its sandbox faults, or when no fault can break it and the "
            "reason is given; rows marked red are gaps.</p><table class='aether-table'><tr><th>Rule</th>"
            "<th>The contract says</th><th>Scenarios</th><th>Faults (or why none)</th><th>Gap</th></tr>"
            f"{''.join(rows)}</table>")


def _ref_html(ref: ScenarioRef) -> str:
    name = f"<a href='#{ref.anchor}'>{_e(ref.name)}</a>" if ref.anchor else _e(ref.name)
    return f"{name} <small>{_e(ref.feature)}</small>"


def _step_status(scenario: Scenario, result: ScenarioResult | None, index: int, status: str) -> str:
    if result is None or len(result.steps) != len(scenario.steps):
        return status if status in (WIP, NOT_RUN) else NOT_RUN
    behave_status = result.steps[index][0]
    return {"passed": PASSED, "failed": FAILED, "skipped": "skipped", "untested": NOT_RUN}.get(behave_status, ERROR)


def _step_html(step: Step, status: str) -> str:
    text = f"<span class=kw>{_e(step.keyword)}</span> {_e(step.text)}"
    if step.undefined:
        text += " <span class=undefined-step>(no step definition yet)</span>"
    if step.background:
        text += " <small>(background)</small>"
    text += f" <span class=dev>{_e(step.location)}</span>"
    if step.table:
        head, *rows = step.table
        text += ("<table><tr>" + "".join(f"<th>{_e(c)}</th>" for c in head) + "</tr>"
                 + "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows) + "</table>")
    if step.docstring:
        text += f"<pre>{_e(step.docstring)}</pre>"
    return (f"<li class='{status_class(status)}{' background' if step.background else ''}' "
            f"data-mark='{MARK.get(status, '·')}'>{text}</li>")


def _evidence_html(result: ScenarioResult) -> str:
    parts = []
    if result.expectation:
        parts.append(f"<p class=expectation>{_e(result.expectation)}</p>")
        if result.details:
            parts.append(f"<pre class=detail>{_e(result.details)}</pre>")
    if result.exchanges:
        parts.append(f"<h5>What the API did</h5>{result.exchanges}")
    if result.traceback:
        parts.append(f"<details class=traceback><summary>Where it happened in the suite (traceback)</summary>"
                     f"<pre>{_e(result.traceback)}</pre></details>")
    return f"<div class=evidence>{''.join(parts)}</div>" if parts else ""


def _link(feature: Feature, rule: Rule, scenario: Scenario) -> str:
    """A link to the scenario, then where it belongs."""
    where = " › ".join(_e(part) for part in (feature.name, rule.name) if part)
    return f"<a href='#{scenario.anchor}'>{_e(scenario.title)}</a> <small>in {where}</small>"


def _when(started: str) -> str:
    try:
        return datetime.fromisoformat(started.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return started


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)
