import { describe, expect, test } from 'vitest';
import { render } from '@testing-library/svelte';
import SnippetText from '../../src/components/SnippetText.svelte';
import { splitSnippet } from '../../src/lib/snippet';

describe('search snippets', () => {
  test('split on \\u0002 and \\u0003 into plain and marked runs', () => {
    expect(splitSnippet('Invoice \u0002cut\u0003-\u0002off\u0003 rule')).toEqual([
      { text: 'Invoice ', mark: false },
      { text: 'cut', mark: true },
      { text: '-', mark: false },
      { text: 'off', mark: true },
      { text: ' rule', mark: false },
    ]);
  });

  test('a snippet without markers is one plain run; an empty one is none', () => {
    expect(splitSnippet('…no match here…')).toEqual([{ text: '…no match here…', mark: false }]);
    expect(splitSnippet('')).toEqual([]);
  });

  test('stray, doubled and unclosed markers lose nothing and invent nothing', () => {
    expect(splitSnippet('a\u0003b')).toEqual([{ text: 'ab', mark: false }]);
    expect(splitSnippet('\u0002\u0002x\u0003\u0003y')).toEqual([
      { text: 'x', mark: true },
      { text: 'y', mark: false },
    ]);
    expect(splitSnippet('see \u0002cut')).toEqual([
      { text: 'see ', mark: false },
      { text: 'cut', mark: true },
    ]);
  });

  test('markup in a snippet is shown as text, never made into elements', () => {
    const { container } = render(SnippetText, { props: { snippet: '<img src=x onerror=alert(1)> \u0002<b>cut</b>\u0003' } });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    const marks = container.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0].textContent).toBe('<b>cut</b>');
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
