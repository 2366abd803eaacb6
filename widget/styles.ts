/**
 * The widget's whole stylesheet. It lives inside the shadow root, so nothing leaks out. Nothing
 * leaks in either: the host element resets every property with `!important`, and for important
 * declarations the shadow tree's own win over the page's, even `* { all: unset !important }`.
 * Each dark-scheme accent sits between two contrast floors: white call-to-action text on it at
 * least 4.5:1, and it (as focus outline and border) at least 3:1 against the dark banner.
 */
export const styles = `
:host{all:initial!important;display:contents!important}
.banner{position:fixed;left:50%;bottom:16px;transform:translateX(-50%);z-index:2147483000;box-sizing:border-box;width:min(760px,calc(100vw - 24px));display:flex;gap:16px;align-items:center;padding:14px 16px;border-radius:12px;background:#fff;color:#101828;border:1px solid #e4e7ec;border-left:5px solid var(--accent);box-shadow:0 10px 32px rgba(16,24,40,.18);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left}
.inform{--accent:#1d4ed8}.recommend{--accent:#6d28d9}.urgent{--accent:#b45309}
.text{flex:1;min-width:0}
.title{margin:0 0 2px;font-size:15px;font-weight:600}
.body{margin:0;color:#475467}
.actions{display:flex;gap:4px;align-items:center}
.cta{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:8px;padding:8px 14px;font:inherit;font-weight:600;text-decoration:none;white-space:nowrap;cursor:pointer}
.close{background:none;border:0;border-radius:8px;color:#475467;font:20px/1 system-ui,sans-serif;padding:6px 9px;cursor:pointer}
.close:hover{background:#f2f4f7}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:520px){.banner{flex-wrap:wrap;bottom:8px}.actions{width:100%;justify-content:space-between}}
@media (prefers-color-scheme:dark){.banner{background:#1d2433;color:#f2f4f7;border-color:#344054}.body,.close{color:#d0d5dd}.close:hover{background:#344054}.inform{--accent:#326fd2}.recommend{--accent:#8155e4}.urgent{--accent:#ab5e05}}
@media (prefers-reduced-motion:no-preference){.banner{animation:up .22s ease-out}@keyframes up{from{opacity:0;transform:translate(-50%,10px)}}}
`;
