// rolemap serve: reloads the page after a rebuild and shows build errors.
// Injected only by `rolemap serve`; never part of a built site.
(() => {
  const events = new EventSource('/__rolemap/events');
  let overlay = null;

  const clear = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };

  const show = (text) => {
    if (!document.querySelector('link[href="/__rolemap/livereload.css"]')) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = '/__rolemap/livereload.css';
      document.head.append(link);
    }
    clear();
    overlay = document.createElement('div');
    overlay.className = 'rolemap-overlay';
    overlay.setAttribute('role', 'alert');
    const title = document.createElement('p');
    title.className = 'rolemap-overlay-title';
    // The server's stand-in page while no build has succeeded says so.
    title.textContent = document.querySelector('meta[name="rolemap-no-build"]')
      ? 'rolemap could not build the site; there is no good build yet.'
      : 'rolemap could not rebuild the site; this is the last good version.';
    const message = document.createElement('pre');
    message.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', clear);
    overlay.append(title, message, close);
    document.body.append(overlay);
  };

  events.addEventListener('reload', () => window.location.reload());
  events.addEventListener('styles', () => {
    clear();
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (url.origin !== window.location.origin || url.pathname.startsWith('/__rolemap/')) continue;
      url.searchParams.set('rolemap-reload', String(Date.now()));
      link.href = url.href;
    }
  });
  events.addEventListener('build-error', (event) => show(event.data));
})();
