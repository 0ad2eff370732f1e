"""The frame of every report page: a locked-down head (CSP, no referrer, no external anything) and the stylesheet."""

from __future__ import annotations

from analyser.render.html.builder import Child, Html, element, fragment

# Nothing may load from anywhere: inline styles and data: images only, no script at all.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# Colours are variables so that dark mode and print only redefine them. Every coloured thing
# also has a non-colour cue (a text label, a line style, a shape), for colour-blind readers and
# black-and-white print.
STYLE = """
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1c1c21; --muted: #585863; --line: #cfcfd6; --panel: #f5f5f8; --link: #1f57b8;
  --low: #b42318; --fair: #8a5a00; --good: #1d6b34; --none: #6b6b76;
  --low-bg: #fdebe9; --fair-bg: #fff4d8; --good-bg: #e4f4e8;
  --therapist: #2456a6; --client: #9a4a1c; --other: #5d5d68;
  --m-question: #cfe0ff; --m-question-line: #2456a6;
  --m-reflection: #dff3d4; --m-reflection-line: #2f7a22;
  --m-shared: #ffe2a8; --m-shared-line: #9a5b00;
  --m-collab: #f3d6f0; --m-collab-line: #8a2f82;
  --m-affirm: #d5f0ee; --m-affirm-line: #17706a;
  --m-autonomy: #e6ddff; --m-autonomy-line: #5b3fb0;
  --m-advice: #ffd9d4; --m-advice-line: #a2281c;
  --m-input: #e8ecf2; --m-input-line: #3d5a80;
  --m-persuade: #ffe0cc; --m-persuade-line: #a33d00;
  --m-change: #dcf5e3; --m-change-line: #1d6b34;
  --m-sustain: #f7e1e1; --m-sustain-line: #9b2c2c;
  --opening: #f0ebe0; --hatch: #b8ad94;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #141418; --fg: #e7e7ec; --muted: #a3a3ad; --line: #3b3b45; --panel: #1e1e24; --link: #8db4ff;
    --low: #ff8a7d; --fair: #f0c060; --good: #7fd49a; --none: #a3a3ad;
    --low-bg: #3a1d1a; --fair-bg: #3a2e12; --good-bg: #16321f;
    --therapist: #8db4ff; --client: #f0a070; --other: #b5b5bf;
    --m-question: #1f3560; --m-question-line: #8db4ff;
    --m-reflection: #1f3a1a; --m-reflection-line: #8fd47f;
    --m-shared: #4a3510; --m-shared-line: #f0c060;
    --m-collab: #45203f; --m-collab-line: #e79ee0;
    --m-affirm: #123a37; --m-affirm-line: #7fd8d0;
    --m-autonomy: #2e2454; --m-autonomy-line: #b9a6ff;
    --m-advice: #4a1f1a; --m-advice-line: #ff8a7d;
    --m-input: #232c3a; --m-input-line: #a9c1e8;
    --m-persuade: #45260f; --m-persuade-line: #ffb27a;
    --m-change: #16321f; --m-change-line: #7fd49a;
    --m-sustain: #3a1d1d; --m-sustain-line: #ff9b9b;
    --opening: #2a261d; --hatch: #6d634c;
  }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.25rem 3rem; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
a { color: var(--link); }
h1 { font-size: 1.6rem; margin: .5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0 0 .25rem; }
h3.spaced { margin-top: 1.25rem; }
.note { background: var(--panel); border-left: 4px solid var(--muted); padding: .5rem .75rem; margin: .75rem 0; }
.muted, .source, .thresholds, .detail { color: var(--muted); font-size: .875rem; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
nav.toc ul, ul.plain { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; }
.table-scroll { max-width: 100%; overflow-x: auto; margin: .5rem 0; }
.table-scroll:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.table-scroll > table { margin: 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--none); border-radius: 6px; padding: .6rem .75rem; background: var(--panel); }
.card .value { font-size: 1.6rem; font-weight: 600; margin: 0; font-variant-numeric: tabular-nums; }
.card p { margin: .15rem 0; }
.band-name { font-weight: 600; }
.band-low { border-left-color: var(--low); } .band-low .band-name { color: var(--low); }
.band-fair { border-left-color: var(--fair); } .band-fair .band-name { color: var(--fair); }
.band-good { border-left-color: var(--good); } .band-good .band-name { color: var(--good); }
.card.band-low { background: var(--low-bg); } .card.band-fair { background: var(--fair-bg); } .card.band-good { background: var(--good-bg); }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .875rem; }
svg.chart { width: 100%; height: auto; max-width: 48rem; display: block; font: 12px system-ui, sans-serif; }
svg.chart text { fill: var(--fg); }
svg.chart .axis-tick, svg.chart .chart-note { fill: var(--muted); font-size: 11px; }
svg.chart .axis, svg.chart .lane-rule { stroke: var(--line); }
svg.chart .grid line { stroke: var(--line); stroke-width: 1; }
svg.chart .reference line, svg.chart .reference-swatch { stroke: var(--fg); stroke-dasharray: 6 4; }
svg.chart .opening-fill { fill: var(--opening); }
svg.chart .opening-hatch { stroke: var(--hatch); stroke-width: 2; }
svg.chart .talk-line { fill: none; stroke: var(--therapist); stroke-width: 2.5; }
svg.chart .talk-point { fill: var(--therapist); stroke: var(--bg); stroke-width: 1.5; }
svg.chart .tick { fill: var(--fg); }
svg.chart .tick.client { fill: var(--bg); stroke: var(--client); stroke-width: 2; }
svg.chart .lane-open-questions .tick, svg.chart .lane-closed-questions .tick { fill: var(--m-question-line); }
svg.chart .lane-simple-reflections .tick, svg.chart .lane-complex-reflections .tick { fill: var(--m-reflection-line); }
svg.chart .lane-shared-goal .tick { fill: var(--m-shared-line); }
svg.chart .lane-shared-goal .tick.client { fill: var(--bg); stroke: var(--client); }
svg.chart .lane-collaboration .tick { fill: var(--m-collab-line); }
svg.chart a:focus-visible .tick, svg.chart a:hover .tick { stroke: var(--fg); stroke-width: 3; }
ol.utterances { list-style: none; padding: 0; margin: 0; }
li.utterance { padding: .4rem .6rem; border-left: 4px solid var(--other); margin: .35rem 0; background: var(--panel); border-radius: 4px; }
li.utterance.role-therapist { border-left-color: var(--therapist); }
li.utterance.role-client { border-left-color: var(--client); border-left-style: double; border-left-width: 6px; }
li.utterance:target { outline: 3px solid var(--link); outline-offset: 2px; }
li.utterance p { margin: .1rem 0; }
.meta { font-size: .8rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: .6rem; }
.meta .num { font-weight: 700; color: var(--fg); }
.meta .speaker { font-weight: 600; color: var(--fg); overflow-wrap: anywhere; }
.meta .role { text-transform: lowercase; font-style: italic; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
#opening .opening-block { border: 2px dashed var(--hatch); border-radius: 8px; padding: .5rem .75rem; background: var(--bg); }
.badge { display: inline-block; font-size: .75rem; border: 1px solid var(--line); border-radius: 999px; padding: 0 .5rem; margin-right: .25rem; background: var(--bg); }
.badge-question-open { border-color: var(--m-question-line); border-style: solid; }
.badge-question-closed { border-color: var(--m-question-line); border-style: dashed; }
.badge-reflection-simple { border-color: var(--m-reflection-line); border-style: solid; }
.badge-reflection-complex { border-color: var(--m-reflection-line); border-style: double; border-width: 3px; }
.badge-input-information { border-color: var(--m-input-line); border-style: solid; }
.badge-input-advice { border-color: var(--m-input-line); border-style: dashed; }
.badge-input-negotiation { border-color: var(--m-input-line); border-style: dotted; }
.badge-input-options { border-color: var(--m-input-line); border-style: double; border-width: 3px; }
.badge-talk-change { border-color: var(--m-change-line); border-style: solid; font-style: italic; }
.badge-talk-sustain { border-color: var(--m-sustain-line); border-style: dashed; font-style: italic; }
.badge-corrected { border-color: var(--fg); font-weight: 600; }
mark { color: inherit; background: transparent; padding: 0 1px; border-radius: 2px; }
.m-question-open { background: var(--m-question); border-bottom: 2px solid var(--m-question-line); }
.m-question-closed { background: var(--m-question); border-bottom: 2px dashed var(--m-question-line); }
.m-advice-as-question { background: var(--m-advice); border-bottom: 2px dotted var(--m-advice-line); }
.m-reflection-simple { background: var(--m-reflection); border-top: 2px solid var(--m-reflection-line); }
.m-reflection-complex { background: var(--m-reflection); border-top: 3px double var(--m-reflection-line); }
.m-shared-goal { background: var(--m-shared); text-decoration: underline wavy var(--m-shared-line); }
.m-client-shared-goal { background: var(--m-shared); text-decoration: underline dotted var(--m-shared-line); font-style: italic; }
.m-seeking-collaboration { background: var(--m-collab); text-decoration: underline double var(--m-collab-line); }
.m-affirmation { background: var(--m-affirm); text-decoration: underline solid var(--m-affirm-line); }
.m-emphasizing-autonomy { background: var(--m-autonomy); text-decoration: underline dashed var(--m-autonomy-line); }
.m-backchannel { font-style: italic; color: var(--muted); }
/* Input, persuasion and client talk use outline, box-shadow and the top border: free of the properties above, so they combine. */
.m-input-information { background: var(--m-input); outline: 1px solid var(--m-input-line); }
.m-input-advice { background: var(--m-input); outline: 1px dashed var(--m-input-line); }
.m-input-negotiation { background: var(--m-input); outline: 1px dotted var(--m-input-line); }
.m-input-options { background: var(--m-input); outline: 3px double var(--m-input-line); }
.m-persuade { background: var(--m-persuade); font-weight: 700; box-shadow: inset 0 -3px 0 var(--m-persuade-line); }
.m-persuade-with-permission { background: var(--m-persuade); font-weight: 700; font-style: italic; box-shadow: inset 0 -3px 0 var(--m-persuade-line); }
.m-confront { background: var(--m-persuade); font-weight: 700; box-shadow: inset 0 0 0 2px var(--m-persuade-line); }
.m-change-talk { background: var(--m-change); border-top: 2px solid var(--m-change-line); }
.m-sustain-talk { background: var(--m-sustain); border-top: 2px dashed var(--m-sustain-line); }
ul.legend { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .35rem 1rem; }
details { margin: .5rem 0; }
/* What each code rests on, under its utterance; the internal rules one click further. */
ul.evidence { margin: .2rem 0 0; padding-left: 1.1rem; font-size: .875rem; overflow-wrap: anywhere; }
li.utterance .codes { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem 0; margin: .1rem 0; }
details.rules { margin: 0 0 0 auto; font-size: .8rem; color: var(--muted); }
details.rules[open] { flex-basis: 100%; }
details.rules summary { cursor: pointer; }
details.rules ul { margin: .2rem 0; padding-left: 1.1rem; }
details.rules code { overflow-wrap: anywhere; }
/* The bar over the transcript: the coded-only switch (a hidden checkbox before the sections) and the session's parts. */
.toggle { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.transcript-tools { position: sticky; top: 0; z-index: 2; margin-top: 1.5rem; padding: .4rem 0; background: var(--bg);
  border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .3rem 1rem; align-items: baseline; }
.transcript-tools .switch { cursor: pointer; border: 1px solid var(--line); border-radius: 999px; padding: .1rem .7rem; }
.transcript-tools .switch::before { content: ""; display: inline-block; width: .8em; height: .8em; margin-right: .4em;
  border: 2px solid currentColor; border-radius: 2px; vertical-align: -.05em; }
#only-coded:checked ~ .transcript-tools .switch { background: var(--fg); color: var(--bg); }
#only-coded:checked ~ .transcript-tools .switch::before { background: currentColor; box-shadow: inset 0 0 0 2px var(--fg); }
#only-coded:focus-visible ~ .transcript-tools .switch { outline: 2px solid var(--link); outline-offset: 2px; }
#only-coded:checked ~ section li.utterance.uncoded:not(:target) { display: none; }
.transcript-tools { font-size: .875rem; }
.parts { display: flex; gap: .5rem; align-items: baseline; flex: 1 1 20rem; min-width: 0; }
.parts > span { white-space: nowrap; }
.parts ol { list-style: none; margin: 0; padding: 0; display: flex; gap: .2rem .8rem; overflow-x: auto; white-space: nowrap; min-width: 0; }
.parts .clock { color: var(--muted); }
li.utterance { scroll-margin-top: 6rem; }
/* On a wide screen the speaker and place stand left of the words, as in a script: one line less per utterance. */
@media (min-width: 48rem) {
  li.utterance { display: grid; grid-template-columns: 13rem minmax(0, 1fr); column-gap: .75rem; }
  li.utterance > * { grid-column: 2; }
  li.utterance > .meta { grid-column: 1; grid-row: 1 / span 5; align-content: start; gap: 0 .6rem; }
}
@media print {
  :root {
    --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #999999; --panel: #ffffff; --link: #000000;
    --low-bg: #ffffff; --fair-bg: #ffffff; --good-bg: #ffffff;
  }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav, .sort-radio, .sort-buttons, details.rules { display: none !important; }
  a { text-decoration: none; }
  h2 { break-after: avoid; }
  .card, figure, li.utterance, tr { break-inside: avoid; }
  mark, .card, .badge, svg.chart { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def page(*, lang: str, title: str, body: Child, extra_style: str = "") -> str:
    """A whole HTML document: the locked-down head, the stylesheet (plus `extra_style`), then `body`."""
    head = element(
        "head",
        {},
        element("meta", {"charset": "utf-8"}),
        element("meta", {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}),
        element("meta", {"name": "referrer", "content": "no-referrer"}),
        element("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        element("meta", {"name": "color-scheme", "content": "light dark"}),
        # An empty icon: a browser serving the report over HTTP does not go and ask for /favicon.ico.
        element("link", {"rel": "icon", "href": "data:,"}),
        element("title", {}, title),
        element("style", {}, Html(STYLE + extra_style)),
    )
    return fragment(Html("<!doctype html>\n"), element("html", {"lang": lang}, head, element("body", {}, body))) + "\n"
