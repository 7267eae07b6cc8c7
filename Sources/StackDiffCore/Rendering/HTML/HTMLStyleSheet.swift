/// The report's CSS, inline: the page fetches nothing.
enum HTMLStyleSheet {
  static let css = #"""
    :root { color-scheme: light; --fg: #1d1d1f; --dim: #6e6e73; --line: #d8d8dc; --accent: #b3261e;
      --user: #f3b36b; --library: #a9c8ec; --runtime: #d3d3d8; --marker: #f4f4f6; --before: #a7a7ad; --after: #d9534f; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
    header, main, .toolbar, footer { padding: 0 24px; }
    header h1 { font-size: 18px; margin: 16px 0 4px; word-break: break-all; }
    .totals { font-size: 16px; font-weight: 600; margin: 0 0 8px; }
    .toolbar { position: sticky; top: 0; z-index: 2; display: flex; gap: 12px; align-items: center;
      padding-top: 8px; padding-bottom: 8px; background: #fafafa; border-bottom: 1px solid var(--line); }
    .toolbar input { font: inherit; width: 28em; max-width: 60vw; padding: 3px 6px; }
    #filter-status { color: var(--dim); }
    h2 { font-size: 16px; margin: 24px 0 8px; }
    section { margin-bottom: 8px; }
    ul.findings { padding-left: 20px; }
    .suspect, .evidence { color: var(--accent); font-weight: 600; }
    .small-change, .note, .none, .legend, .noise, .more, .flame-status, .events { color: var(--dim); }
    .warning { color: #8a5300; }
    .flame-bar { display: flex; gap: 12px; align-items: center; }
    .crumbs { font-family: ui-monospace, monospace; font-size: 12px; color: var(--dim); word-break: break-all; }
    .flame { position: relative; width: 100%; min-height: 20px; overflow: hidden; margin: 4px 0;
      font: 11px/17px ui-monospace, monospace; }
    .fr { position: absolute; height: 17px; padding: 0 3px; overflow: hidden; white-space: nowrap;
      text-overflow: ellipsis; border-right: 1px solid #fff; border-bottom: 1px solid #fff; cursor: pointer; }
    .fr.user { background: var(--user); } .fr.library { background: var(--library); }
    .fr.runtime { background: var(--runtime); } .fr.marker, .fr.merged { background: var(--marker); color: var(--dim); }
    .fr.ancestor { opacity: 0.75; }
    .fr.zoomed { font-weight: 600; }
    .fr.match { outline: 2px solid #6a1b9a; outline-offset: -2px; }
    .fr.dim { opacity: 0.3; }
    .bars { display: grid; gap: 3px; max-width: 1100px; }
    .bar-legend { color: var(--dim); }
    .swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 8px; }
    .swatch.before, .bar.before { background: var(--before); }
    .swatch.after, .bar.after { background: var(--after); }
    .bar-row { display: grid; grid-template-columns: minmax(12em, 28em) 1fr; gap: 8px; align-items: center; }
    .bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: ui-monospace, monospace; font-size: 12px; }
    .bar-cell { display: flex; align-items: center; gap: 6px; height: 11px; }
    .bar { display: block; height: 9px; min-width: 1px; }
    .num { font-size: 11px; color: var(--dim); }
    details.stack { border-top: 1px solid var(--line); padding: 4px 0; }
    details.stack > summary { cursor: pointer; }
    details.stack.target { background: #fff8e1; }
    .place { font-family: ui-monospace, monospace; font-size: 12px; color: var(--dim); }
    pre.frames { margin: 4px 0 4px 16px; font: 12px/1.4 ui-monospace, monospace; overflow-x: auto; }
    .row.site { font-weight: 700; color: #00639b; background: #e6f2fb; }
    .row.library, .row.marker { color: var(--dim); }
    table.functions { border-collapse: collapse; font-size: 13px; }
    table.functions td, table.functions th { padding: 2px 8px; text-align: right; }
    table.functions td.fn, table.functions th.fn { text-align: left; font-family: ui-monospace, monospace; }
    svg.spark { vertical-align: middle; margin: 0 6px; }
    svg.spark polyline { fill: none; stroke: #6e6e73; stroke-width: 1.5; }
    svg.spark circle { fill: #6e6e73; }
    svg.spark.rising polyline { stroke: var(--accent); } svg.spark.rising circle { fill: var(--accent); }
    footer { color: var(--dim); font-size: 12px; margin: 24px 0; }
    [hidden] { display: none !important; }
    """#
}
