// The preview's script (runs in the webview under a nonce-only CSP). Receives the rendered report,
// keeps the scroll position across updates, follows the editor, and reports clicks and scrolling.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const content = document.getElementById('content');
  const state = vscode.getState() || {};
  let ignoreScrollUntil = 0;
  let lastSentLine = -1;

  // The toolbar stays at the top of the view: whatever is scrolled to lands below it, never under it.
  const toolbar = document.querySelector('.xxgk-toolbar');
  function topOffset() {
    return (toolbar ? toolbar.getBoundingClientRect().height : 0) + 8;
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
    const top = best.getBoundingClientRect().top + window.scrollY - topOffset();
    window.scrollTo({ top: Math.max(0, top), behavior: 'auto' });
  }

  function topLine() {
    for (const el of elementsWithLines()) {
      const r = el.getBoundingClientRect();
      if (r.bottom > topOffset()) return Number(el.getAttribute('data-line'));
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
      const y = window.scrollY;
      content.innerHTML = msg.html; // built by the extension from escaped text only
      sizeColumns();
      document.title = msg.title;
      window.scrollTo(0, y);
      document.body.dataset.version = String(msg.version);
      vscode.setState({ ...state, uri: msg.uri });
    } else if (msg.type === 'scroll') {
      scrollToLine(msg.line);
    }
  });

  window.addEventListener('scroll', () => {
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
