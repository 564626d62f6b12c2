/// The dashboard's only stylesheet, served by breach itself (`/static/breach.css`): no CDN, no fonts to
/// fetch. Colours meet WCAG AA contrast (4.5:1) for text; every colour is paired with words.
enum Stylesheet {
    static let css = """
    :root { color-scheme: light; --ink: #1b1f24; --muted: #4a5560; --line: #c9d1d9; --link: #0b4fa3; --focus: #b35900; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
    a { color: var(--link); }
    a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    .skip { position: absolute; left: -999px; }
    .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
    header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding: .75rem 1rem; border-bottom: 1px solid var(--line); background: #f4f6f8; }
    header .brand { margin: 0; font-weight: 700; }
    nav { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
    nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
    .sign-out { display: inline-flex; gap: .5rem; align-items: center; margin: 0; }
    .who { color: var(--muted); font-size: .9rem; }
    main { padding: 1rem; max-width: 75rem; margin: 0 auto; }
    h1 { font-size: 1.5rem; overflow-wrap: anywhere; }
    button { font: inherit; padding: .4rem .9rem; border: 1px solid #0b4fa3; background: #0b4fa3; color: #fff; border-radius: 4px; cursor: pointer; }
    input { font: inherit; padding: .4rem; border: 1px solid #6b7580; border-radius: 4px; width: 100%; max-width: 30rem; }
    label { display: block; font-weight: 600; }
    table { border-collapse: collapse; width: 100%; }
    caption { text-align: left; font-weight: 600; padding: .5rem 0; }
    th, td { text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
    thead th { background: #f4f6f8; }
    .table-wrap { overflow-x: auto; }
    .sub, .actor, .type { color: var(--muted); font-size: .9rem; }
    .deadline, .status, .sev { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-weight: 600; }
    .deadline.overdue, .status.missed, .status.failed, .sev.critical { background: #ffe3e3; color: #8a0000; }
    .deadline.soon, .status.pending, .status.queued, .status.retrying, .sev.high { background: #fff1cc; color: #6b4000; }
    .deadline.ok, .status.met, .status.delivered { background: #ddf4e4; color: #0f5323; }
    .deadline.none, .status.waived, .status.not_declared, .status.cancelled, .sev.low, .sev.medium { background: #eef1f4; color: #39424b; }
    .error { background: #ffe3e3; color: #8a0000; padding: .5rem .75rem; border-radius: 4px; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
    .facts dt { font-weight: 600; }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .prose { white-space: pre-wrap; overflow-wrap: anywhere; }
    .timeline { padding-left: 1.25rem; }
    .timeline li { margin-bottom: .5rem; }
    .timeline p { margin: .1rem 0 0; overflow-wrap: anywhere; }
    .window { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
    .window p { margin: 0; }
    .downloads a { margin-right: 1rem; }
    @media (max-width: 40rem) {
      table.cards thead { position: absolute; left: -999px; }
      table.cards tr { display: block; border: 1px solid var(--line); border-radius: 6px; margin-bottom: .75rem; padding: .25rem .5rem; }
      table.cards th, table.cards td { display: block; border: 0; padding: .2rem 0; }
      table.cards td::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); }
      .facts { grid-template-columns: 1fr; }
    }

    """
}
