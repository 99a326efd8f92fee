// Search snippets mark their matches between \u0002 and \u0003; the page shows
// them as <mark> elements built from text, never as HTML.

export interface Segment {
  text: string;
  mark: boolean;
}

const START = '\u0002';
const END = '\u0003';

/** The snippet cut into plain and marked runs; stray or unclosed markers are dropped. */
export function splitSnippet(snippet: string): Segment[] {
  const out: Segment[] = [];
  let mark = false;
  let text = '';
  const flush = () => {
    if (text === '') return;
    const last = out[out.length - 1];
    if (last && last.mark === mark) last.text += text;
    else out.push({ text, mark });
    text = '';
  };
  for (const ch of snippet) {
    if (ch === START || ch === END) {
      flush();
      mark = ch === START;
    } else {
      text += ch;
    }
  }
  flush();
  return out;
}
