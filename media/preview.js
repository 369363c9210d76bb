// The preview's script (runs in the webview under a nonce-only CSP). Receives the rendered report,
// keeps the scroll position across updates, follows the editor, and reports clicks and scrolling.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const content = document.getElementById('content');
  const state = vscode.getState() || {};
  let ignoreScrollUntil = 0;
  let lastSentLine = -1;

  // The report scrolls in #content, below the toolbar, never under it; a table's header rows stay at the top of
  // #content while its rows scroll (sticky <thead>), so whatever is scrolled to lands below both.
  function offsetFor(el) {
    const table = el.closest('table.form');
    const head = table && table !== el ? table.querySelector('thead') : null;
    return (head ? head.getBoundingClientRect().height : 0) + 8;
  }

  function elementsWithLines() {
    return Array.prototype.slice.call(content.querySelectorAll('[data-line]:not(.jump)'));
  }

  function scrollToLine(line) {
    const els = elementsWithLines();
    let best = null;
    for (const el of els) {
      const l = Number(el.getAttribute('data-line'));
      if (l <= line && (!best || l >= Number(best.getAttribute('data-line')))) best = el;
    }
    if (!best) return;
    ignoreScrollUntil = Date.now() + 300;
    const top = best.getBoundingClientRect().top - content.getBoundingClientRect().top + content.scrollTop - offsetFor(best);
    content.scrollTo({ top: Math.max(0, top), behavior: 'auto' });
  }

  function topLine() {
    const top = content.getBoundingClientRect().top;
    for (const el of elementsWithLines()) {
      const r = el.getBoundingClientRect();
      if (r.bottom > top + offsetFor(el)) return Number(el.getAttribute('data-line'));
    }
    return -1;
  }

  // The CSP forbids style attributes; column widths come as data-w (a percentage) and are set
  // through the CSSOM, which the CSP allows. Anything but a plain number is ignored.
  function sizeColumns() {
    for (const col of content.querySelectorAll('col[data-w]')) {
      const w = col.getAttribute('data-w') || '';
      if (/^\d{1,3}(\.\d{1,2})?$/.test(w)) col.style.width = w + '%';
    }
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (msg.type === 'update') {
      const y = content.scrollTop;
      content.innerHTML = msg.html; // built by the extension from escaped text only
      sizeColumns();
      document.title = msg.title;
      content.scrollTop = y;
      document.body.dataset.version = String(msg.version);
      vscode.setState({ ...state, uri: msg.uri });
    } else if (msg.type === 'scroll') {
      scrollToLine(msg.line);
    }
  });

  content.addEventListener('scroll', () => {
    if (Date.now() < ignoreScrollUntil) return;
    const line = topLine();
    if (line >= 0 && line !== lastSentLine) {
      lastSentLine = line;
      vscode.postMessage({ type: 'didScroll', line });
    }
  }, { passive: true });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const button = target.closest('button[data-export]');
    if (button) {
      vscode.postMessage({ type: 'export', format: button.getAttribute('data-export') });
      return;
    }
    const link = target.closest('a[href]');
    const el = target.closest('[data-offset]');
    if (el) {
      event.preventDefault();
      vscode.postMessage({ type: 'reveal', offset: Number(el.getAttribute('data-offset')) });
      return;
    }
    if (link && !/^(https?:|mailto:)/i.test(link.getAttribute('href') || '')) event.preventDefault();
  });

  vscode.postMessage({ type: 'ready' });
})();
