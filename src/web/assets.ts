import { createHash } from 'node:crypto';

/**
 * The one stylesheet of the web pages, served from /assets/ so the Content-Security-Policy
 * can forbid inline styles and every script. Colours meet WCAG AA contrast for their text.
 */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --line: #d0d0d0; --link: #0b4fa3; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafafa; }
a { color: var(--link); }
a:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
header.top { background: #14365d; color: #fff; padding: .6rem 1.2rem; }
header.top a { color: #fff; }
header.top .crumbs { font-size: .95rem; }
header.top h1 { margin: .2rem 0 .1rem; font-size: 1.45rem; }
main { padding: 1rem 1.2rem 3rem; max-width: 84rem; margin: 0 auto; }
footer.bottom { color: var(--muted); font-size: .85rem; padding: 1rem 1.2rem; border-top: 1px solid var(--line); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; color: #000; padding: .3rem .6rem; z-index: 10; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
nav.modes, nav.pages, nav.versions { margin: .6rem 0; display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
nav.modes a, nav.pages a, nav.versions a, nav.modes span.current, nav.pages span.current { padding: .15rem .6rem; border: 1px solid var(--line); border-radius: 1rem; background: #fff; text-decoration: none; }
nav.modes span.current, nav.pages span.current { background: #14365d; color: #fff; border-color: #14365d; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.state { display: inline-block; padding: 0 .45rem; border-radius: .7rem; font-size: .85rem; border: 1px solid transparent; }
.state-clean { background: #d7f0dc; color: #14532d; }
.state-provisionally-agreed { background: #e7f5e0; color: #2d5016; border-color: #9cc78a; }
.state-partly-bracketed { background: #fff0c2; color: #6b4a00; }
.state-wholly-bracketed { background: #ffd9d6; color: #8a1c12; }
.state-uncertain { background: #e6e6e6; color: #333; border-color: #999; }
.state-absent { background: #fff; color: #555; border: 1px dashed #999; }
.layout { display: grid; grid-template-columns: minmax(14rem, 19rem) 1fr; gap: 1.4rem; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } }
aside.toc { font-size: .92rem; }
aside.toc ol { padding-left: 1.1rem; margin: .3rem 0; }
aside.toc li { margin: .15rem 0; }
aside.toc li.lvl3 { margin-left: .9rem; }
aside.toc li.lvl4 { margin-left: 1.8rem; }
article.draft { background: #fff; border: 1px solid var(--line); padding: 1rem 1.4rem; border-radius: .3rem; }
article.draft p { margin: .55rem 0; white-space: pre-wrap; }
article.draft .heading { font-weight: 700; }
article.draft h2, article.draft h3, article.draft h4, article.draft h5, article.draft h6 { margin: 1.2rem 0 .4rem; white-space: pre-wrap; }
.b { border-radius: .15rem; }
.d1 { background: #fff1a8; }
.d2 { background: #ffd199; }
.d3 { background: #ffbcb5; }
.d4 { background: #e3cdfb; }
.tok { font-weight: 700; color: #7a2e00; }
.who { display: inline-block; font-size: .72rem; line-height: 1.3; padding: 0 .3rem; margin: 0 .15rem; border-radius: .5rem; background: #14365d; color: #fff; vertical-align: .1em; white-space: nowrap; }
.alt { display: inline-block; font-size: .72rem; line-height: 1.3; padding: 0 .3rem; margin: 0 .15rem; border-radius: .5rem; background: #fff; color: #4a1d7a; border: 1px solid #7b4bb3; vertical-align: .1em; }
.note { font-style: italic; color: #444; background: #f0f0f0; border: 1px dashed #9a9a9a; border-radius: .2rem; }
.q { text-decoration: underline dotted #0b4fa3 2px; text-underline-offset: .2em; }
.chg-added { outline: 2px solid #1d7a35; }
.chg-changed { outline: 2px dashed #0b4fa3; }
.chg-agreed { background: #c9efcf; }
p.deleted { color: #8a1c12; }
p.deleted del { background: #ffe3e0; }
.diag { margin: .2rem 0 .6rem; padding: .2rem .5rem; border-left: 4px solid #b35c00; background: #fff6e8; font-size: .88rem; white-space: normal !important; }
.diag.error { border-color: #a11a1a; background: #ffecec; }
.contested { border-left: 4px solid #c0392b; padding-left: .5rem; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem 1rem; font-size: .88rem; margin: .5rem 0; padding: 0; list-style: none; }
.legend li { display: flex; gap: .3rem; align-items: center; }
.swatch { display: inline-block; min-width: 1.6rem; text-align: center; border: 1px solid #999; border-radius: .2rem; }
figure.map { margin: .8rem 0 1.4rem; overflow-x: auto; background: #fff; border: 1px solid var(--line); padding: .6rem; }
figure.map figcaption { font-weight: 600; margin-bottom: .4rem; }
svg.map text { font: 12px system-ui, sans-serif; fill: #1b1b1b; }
svg.map .cell text { font-weight: 600; }
svg.map .c-clean rect { fill: #7fcf8f; }
svg.map .c-provisionally-agreed rect { fill: #b9e3a9; }
svg.map .c-partly-bracketed rect { fill: #ffd35c; }
svg.map .c-wholly-bracketed rect { fill: #f3877c; }
svg.map .c-uncertain rect { fill: #c4c4c4; }
svg.map .c-absent rect { fill: #fff; stroke: #bbb; stroke-dasharray: 3 2; }
svg.map a:focus rect { stroke: #000; stroke-width: 3; }
.meeting { background: #fff; border: 1px solid var(--line); border-radius: .3rem; padding: .7rem 1rem; margin: .8rem 0; }
.meeting h3 { margin: .1rem 0 .3rem; }
.meeting.cancelled h3 { text-decoration: line-through; }
.flags { margin: .3rem 0; padding-left: 1.2rem; }
.conflict { border-left: 4px solid #b35c00; padding-left: .6rem; margin: .5rem 0; }
.sides { display: flex; flex-wrap: wrap; gap: .8rem; }
.side { flex: 1 1 14rem; border: 1px solid var(--line); border-radius: .3rem; padding: .4rem .6rem; background: #fffdf5; }
.side .value { font-size: 1.1rem; font-weight: 700; }
.night { color: #8a1c12; font-weight: 600; }
.muted { color: var(--muted); }
.links li { margin: .25rem 0; }
code { background: #eef1f5; padding: 0 .25rem; border-radius: .2rem; }
`;

/** A short hash of the stylesheet for its address, so browsers may cache it for a long time. */
export const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
