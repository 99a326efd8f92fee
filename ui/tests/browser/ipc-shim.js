// Installed with page.addInitScript before the app loads: window.__TAURI_INTERNALS__
// as the Tauri window provides it, forwarding every command to
// http://ipc.localhost/<cmd> (the address the window's own IPC uses, already
// allowed by the CSP). The test harness answers those requests from node
// (page.route): it hands commands to candor-bridge, the real desktop command
// layer, and answers the file dialogs itself. No token or port reaches the page.
//
// The page keeps what only a window has: event listeners (file drops, through
// window.__CANDOR_TEST__.drop(paths)) and the callbacks of IPC channels, whose
// messages it collects from http://ipc.localhost/__channel while a command
// that was given a channel runs.

(() => {
  const callbacks = new Map();
  const listeners = new Map();
  const SERIALIZE = '__TAURI_TO_IPC_KEY__';
  const random = () => window.crypto.getRandomValues(new Uint32Array(1))[0];

  const encode = (args) =>
    JSON.stringify(args ?? {}, function (_key, value) {
      return value && typeof value === 'object' && typeof value[SERIALIZE] === 'function' ? value[SERIALIZE]() : value;
    });

  async function post(cmd, body) {
    // text/plain keeps the cross-origin POST a simple request (no preflight).
    const response = await fetch(`http://ipc.localhost/${encodeURIComponent(cmd)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    return response.json();
  }

  function deliver(messages) {
    for (const m of messages) callbacks.get(m.id)?.({ message: m.message, index: m.index });
  }

  function emit(event, payload) {
    for (const [id, l] of listeners) if (l.event === event) callbacks.get(l.handler)?.({ event, id, payload });
  }

  async function invoke(cmd, args = {}) {
    if (cmd === 'plugin:event|listen') {
      const id = random();
      listeners.set(id, { event: args.event, handler: args.handler });
      return id;
    }
    if (cmd === 'plugin:event|unlisten') {
      listeners.delete(args.eventId);
      return null;
    }
    const body = encode(args);
    let running = body.includes('"__CHANNEL__:');
    const pump = running
      ? (async () => {
          while (running) deliver(await post('__channel', '{}'));
        })()
      : null;
    let answer;
    try {
      answer = await post(cmd, body);
    } finally {
      running = false;
    }
    if (pump) {
      await pump;
      deliver(await post('__channel', '{}'));
    }
    if ('err' in answer) throw answer.err;
    return answer.ok;
  }

  window.__TAURI_INTERNALS__ = {
    invoke,
    transformCallback(callback, once = false) {
      const id = random();
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        return callback && callback(data);
      });
      return id;
    },
    unregisterCallback: (id) => callbacks.delete(id),
    runCallback: (id, data) => callbacks.get(id)?.(data),
    callbacks,
    convertFileSrc: (path, protocol = 'asset') => `http://${protocol}.localhost/${encodeURIComponent(path)}`,
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: (_event, id) => listeners.delete(id) };
  window.__CANDOR_TEST__ = {
    /** Files dragged over and dropped on the window, as Tauri reports them. */
    drop(paths) {
      emit('tauri://drag-enter', { paths, position: { x: 400, y: 300 } });
      emit('tauri://drag-over', { position: { x: 410, y: 310 } });
      emit('tauri://drag-drop', { paths, position: { x: 410, y: 310 } });
    },
  };
})();
