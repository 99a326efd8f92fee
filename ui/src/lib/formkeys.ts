// The keys a small form answers to: Escape cancels it, Ctrl+Enter (⌘+Enter) submits it.

export function formKeys(on: { cancel: () => void; submit: (e: KeyboardEvent) => void }): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      on.cancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      on.submit(e);
    }
  };
}
