/**
 * The widget's whole stylesheet, adopted by each of its shadow roots (the prompt root and inline slots;
 * lock badges have a few lines of their own in badges.ts), so nothing leaks out. Nothing leaks in either: each host element resets every
 * property with `!important`, and for important declarations the shadow tree's own win over the
 * page's, even `* { all: unset !important }`. Custom properties are not reset by `all`, so the
 * environment's theme (`--upshift-*`, set on the host element) still reaches in.
 * Each dark-scheme accent sits between two contrast floors: white call-to-action text on it at
 * least 4.5:1, and it (as focus outline and border) at least 3:1 against the dark card.
 */
export const styles = `
:host{all:initial!important;display:contents!important}
.card{--bg:var(--upshift-background,#fff);--fg:var(--upshift-text,#101828);--mute:#475467;--line:#e4e7ec;--cta:var(--upshift-accent,var(--accent));position:relative;box-sizing:border-box;padding:14px 44px 14px 16px;border-radius:var(--upshift-radius,12px);background:var(--bg);color:var(--fg);border:1px solid var(--line);border-left:5px solid var(--accent);font:14px/1.45 var(--upshift-font,system-ui,sans-serif);overflow-wrap:anywhere}
.banner,.toast,.backdrop{position:fixed;z-index:var(--upshift-zIndex,2147483000);bottom:16px;box-shadow:0 10px 32px #1018282e}
.banner{left:50%;transform:translateX(-50%);width:min(760px,calc(100vw - 24px))}
.top{bottom:auto;top:16px}
.toast{right:16px;width:min(380px,calc(100vw - 24px))}
.backdrop{inset:0;display:grid;place-items:center;padding:12px;background:#1018288c;overflow:auto}
.modal,.panel{width:min(480px,100%)}
.inform{--accent:#1d4ed8}.recommend{--accent:#6d28d9}.urgent{--accent:#b45309}
p,blockquote{margin:0 0 8px}
.title{font-size:15px;font-weight:600}
.body,.facts,label{color:var(--mute)}
blockquote{padding-left:10px;border-left:3px solid var(--line)}
.use,.msg{margin-bottom:10px;font-weight:600}
.meter{height:6px;margin-top:4px;border-radius:3px;background:var(--line);overflow:hidden}
i{display:block;height:100%;background:var(--accent)}
.actions,.why{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.why .title,label,textarea{width:100%;margin:0}
textarea{box-sizing:border-box;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--mute);border-radius:8px;padding:6px}
.cta,.alt,.x{border-radius:8px;padding:8px 14px;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;border:1px solid var(--cta)}
.cta{background:var(--cta);color:#fff}
.cta:disabled{opacity:.6}
.alt,.x{background:none;color:var(--fg);border-color:var(--line)}
.alt:hover,.x:hover{background:var(--line)}
.x{position:absolute;top:8px;right:8px;border:0;color:var(--mute);font-size:20px;line-height:1;padding:6px 9px}
:focus-visible{outline:3px solid var(--accent,#1d4ed8);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.keep{display:contents}
@media (max-width:520px){.banner,.toast{left:12px;right:12px;bottom:8px;transform:none;width:auto}.top{top:8px}}
@media (prefers-color-scheme:dark){.card{--bg:var(--upshift-darkBackground,#1d2433);--fg:var(--upshift-darkText,#f2f4f7);--mute:#d0d5dd;--line:#344054;--cta:var(--upshift-darkAccent,var(--accent))}.inform{--accent:#326fd2}.recommend{--accent:#8155e4}.urgent{--accent:#ab5e05}}
@media (prefers-reduced-motion:no-preference){.card{animation:in .2s ease-out}@keyframes in{from{opacity:0;translate:0 10px}}}
`;
