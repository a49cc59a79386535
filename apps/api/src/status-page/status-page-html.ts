import { EVENT_TYPES } from '@provisioner/db';
import type { PublicStatusView } from './public-view';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script>: `<` escaped so no string in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root{color-scheme:light dark;--fg:#1d2330;--muted:#6b7385;--bg:#f5f6f8;--card:#fff;--line:#e3e6ec;--ok:#1f9d55;--bad:#d64545;--run:#2f6fdb;--warn:#c77d12}
@media (prefers-color-scheme:dark){:root{--fg:#e7e9ee;--muted:#9aa1b1;--bg:#14161b;--card:#1c1f26;--line:#2c313b}}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:640px;margin:40px auto;padding:0 16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:24px}
h1{font-size:22px;margin:0 0 4px}.sub{color:var(--muted);margin:0 0 20px}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:13px;font-weight:600;background:var(--line)}
.badge.Active{background:var(--ok);color:#fff}.badge.Partial{background:var(--warn);color:#fff}.badge.Failed{background:var(--bad);color:#fff}.badge.Provisioning,.badge.Queued{background:var(--run);color:#fff}
.bar{height:10px;background:var(--line);border-radius:999px;overflow:hidden;margin:16px 0 6px}
.bar>div{height:100%;background:var(--run);transition:width .4s ease}
.bar.Active>div{background:var(--ok)}.bar.Partial>div{background:var(--warn)}.bar.Failed>div{background:var(--bad)}
.pct{color:var(--muted);font-size:13px}
ol{list-style:none;padding:0;margin:20px 0 0}li{display:flex;gap:10px;padding:7px 0;border-top:1px solid var(--line)}
.icon{width:20px;text-align:center;flex:none}.title{flex:1}.st{color:var(--muted);font-size:13px}
.completed .icon{color:var(--ok)}.failed .icon{color:var(--bad)}.running .icon{color:var(--run)}.skipped{color:var(--muted)}
.err{display:block;color:var(--bad);font-size:13px}
.outcome{margin-top:20px;padding:14px;border-radius:8px;border:1px solid var(--line);display:none}
.outcome.show{display:block}.outcome.good{border-color:var(--ok)}.outcome.bad{border-color:var(--bad)}
a{color:var(--run)}footer{color:var(--muted);font-size:12px;text-align:center;margin-top:16px}
`;

const ICONS: Record<string, string> = { pending: '○', running: '◐', completed: '✓', failed: '✕', skipped: '–' };

function renderSteps(view: PublicStatusView): string {
  return view.steps
    .map(
      (s) =>
        `<li class="${escapeHtml(s.status)}"><span class="icon">${ICONS[s.status] ?? '○'}</span><span class="title">${escapeHtml(s.title)}` +
        (s.problem ? `<span class="err">${escapeHtml(s.problem)}</span>` : '') +
        `</span><span class="st">${escapeHtml(s.status)}</span></li>`,
    )
    .join('');
}

/**
 * The Failed outcome in plain words: which step, and the company id as support reference. The
 * same words on the server and in the page's script (FAILED_TEXT_JS) so a live update reads alike.
 */
function failedText(view: PublicStatusView): string {
  const failed = view.steps.find((s) => s.status === 'failed');
  const what = failed ? ` at the step "${failed.title}". ${failed.problem ?? ''}` : '.';
  return `We could not finish setting up your workspace${what} Contact us with the reference ${view.company_id} and we will help you finish it.`;
}
const FAILED_TEXT_JS = `function failedText(v){var f=null;v.steps.forEach(function(s){if(!f&&s.status==='failed')f=s;});
    var what=f?' at the step "'+f.title+'". '+(f.problem||''):'.';
    return 'We could not finish setting up your workspace'+what+' Contact us with the reference '+v.company_id+' and we will help you finish it.';}`;

function renderOutcome(view: PublicStatusView): { cls: string; html: string } {
  const link = /^https?:\/\//.test(view.site_url)
    ? `<a href="${escapeHtml(view.site_url)}">${escapeHtml(view.site_url)}</a>`
    : `<a>${escapeHtml(view.site_url)}</a>`;
  if (view.status === 'Active') return { cls: 'outcome show good', html: `Your workspace is ready: ${link}` };
  if (view.status === 'Partial') {
    return { cls: 'outcome show good', html: `Your workspace is ready (an optional extra could not be set up): ${link}` };
  }
  if (view.status === 'Failed') {
    return {
      cls: 'outcome show bad',
      html: escapeHtml(failedText(view)),
    };
  }
  return { cls: 'outcome', html: '' };
}

/**
 * The public status page: self-contained (inline CSS and one inline script allowed by a CSP nonce,
 * no external assets). Rendered complete on the server, then kept live from `./events` (SSE).
 */
export function renderStatusPage(view: PublicStatusView, nonce: string): string {
  const outcome = renderOutcome(view);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">
<title>${escapeHtml(view.company_name)} · workspace setup</title><style>${CSS}</style></head>
<body><main><div class="card">
<h1 id="name">${escapeHtml(view.company_name)}</h1>
<p class="sub">Workspace setup · <span id="status" class="badge ${escapeHtml(view.status)}">${escapeHtml(view.status)}</span></p>
<div id="bar" class="bar ${escapeHtml(view.status)}"><div id="fill" style="width:${view.progress}%"></div></div>
<div class="pct"><span id="pct">${view.progress}</span>% done</div>
<div id="outcome" class="${outcome.cls}" role="status" aria-live="polite">${outcome.html}</div>
<ol id="steps">${renderSteps(view)}</ol>
</div><footer>This page updates by itself while the setup runs.</footer></main>
<script type="application/json" id="initial">${scriptJson(view)}</script>
<script nonce="${nonce}">
(function(){
  var ICONS=${scriptJson(ICONS)};
  var TYPES=${scriptJson(['snapshot', ...EVENT_TYPES])};
  var TERMINAL={Active:1,Partial:1,Failed:1};
  ${FAILED_TEXT_JS}
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
  function render(v){
    document.getElementById('name').textContent=v.company_name;
    var st=document.getElementById('status');st.textContent=v.status;st.className='badge '+v.status;
    document.getElementById('bar').className='bar '+v.status;
    document.getElementById('fill').style.width=Math.max(0,Math.min(100,v.progress))+'%';
    document.getElementById('pct').textContent=String(v.progress);
    var ol=document.getElementById('steps');ol.textContent='';
    v.steps.forEach(function(s){
      var li=el('li',s.status);li.appendChild(el('span','icon',ICONS[s.status]||'○'));
      var t=el('span','title',s.title);if(s.problem){t.appendChild(el('span','err',s.problem));}
      li.appendChild(t);li.appendChild(el('span','st',s.status));ol.appendChild(li);
    });
    var o=document.getElementById('outcome');o.textContent='';o.className='outcome';
    if(v.status==='Active'||v.status==='Partial'){
      o.className='outcome show good';
      o.appendChild(document.createTextNode(v.status==='Active'?'Your workspace is ready: ':'Your workspace is ready (an optional extra could not be set up): '));
      var a=el('a',null,v.site_url);if(/^https?:\\/\\//.test(v.site_url)){a.href=v.site_url;}o.appendChild(a);
    }else if(v.status==='Failed'){
      o.className='outcome show bad';
      o.textContent=failedText(v);
    }
  }
  var view=JSON.parse(document.getElementById('initial').textContent);render(view);
  if(TERMINAL[view.status]||!window.EventSource)return;
  var es=new EventSource(location.pathname.replace(/\\/+$/,'')+'/events');
  TYPES.forEach(function(type){es.addEventListener(type,function(e){
    var v=JSON.parse(e.data);render(v);if(TERMINAL[v.status])es.close();
  });});
})();
</script></body></html>`;
}

export function renderNotFoundPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>Status page not found</title><style>${CSS}</style></head>
<body><main><div class="card"><h1>Status page not found</h1><p class="sub">This link is not valid. Check the address you were sent.</p></div></main></body></html>`;
}
