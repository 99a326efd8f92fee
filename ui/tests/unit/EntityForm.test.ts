import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import EntityForm from '../../src/components/EntityForm.svelte';
import { FIELDS, toForm } from '../../src/lib/fields';
import type { FieldSpec, FormValues } from '../../src/lib/fields';

const fields: FieldSpec[] = FIELDS.scope;

type Submit = (values: FormValues, reason: string) => Promise<void>;

function setup(onsubmit = vi.fn<Submit>(async () => {}), extra: Record<string, unknown> = {}) {
  const oncancel = vi.fn();
  const view = render(EntityForm, { props: { fields, values: toForm(fields, null), submitLabel: 'Add scope item', onsubmit, oncancel, ...extra } });
  return { ...view, onsubmit, oncancel };
}

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;

describe('EntityForm', () => {
  test('opens with the cursor in the first field, and marks required fields in words', () => {
    setup();
    expect(document.activeElement).toBe(input(/^Name/));
    expect(screen.getByText('Name').parentElement).toHaveTextContent('Name required');
  });

  test('saving with an empty required field says so next to the field, and sends nothing', async () => {
    const { onsubmit } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Add scope item' }));
    const message = await screen.findByText('Name is required');
    expect(onsubmit).not.toHaveBeenCalled();
    expect(input(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(input(/^Name/).getAttribute('aria-describedby')).toContain(message.id);
    await fireEvent.input(input(/^Name/), { target: { value: 'Payroll' } });
    await waitFor(() => expect(screen.queryByText('Name is required')).toBeNull());
  });

  test('Ctrl+Enter saves the values typed', async () => {
    const { onsubmit } = setup();
    await fireEvent.input(input(/^Name/), { target: { value: 'Accounts payable' } });
    await fireEvent.input(input(/^Contract reference/), { target: { value: 'SOW §2.1' } });
    await fireEvent.keyDown(input(/^Contract reference/), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0][0]).toMatchObject({ name: 'Accounts payable', reference: 'SOW §2.1' });
  });

  test('a server "invalid" error shows next to the field it names; others in the form-level message', async () => {
    const onsubmit = vi.fn<Submit>(async () => {
      throw {
        kind: 'invalid',
        message: 'scope.name: Name is too long; scope.owner: no such thing',
        fields: [
          { entity: 'scope', field: 'name', message: 'Name is too long' },
          { entity: 'scope', field: 'owner', message: 'no such thing' },
        ],
      };
    });
    setup(onsubmit);
    await fireEvent.input(input(/^Name/), { target: { value: 'x'.repeat(300) } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add scope item' }));
    const message = await screen.findByText('Name is too long');
    expect(message.closest('.field')).toContainElement(input(/^Name/));
    expect(screen.getByRole('alert')).toHaveTextContent('owner: no such thing');
    expect(document.activeElement).toBe(input(/^Name/));
  });

  test('an error that names no field is shown at the form level', async () => {
    const onsubmit = vi.fn<Submit>(async () => {
      throw { kind: 'no_identity', message: 'Choose who you are before recording (Settings → Identity).', fields: [] };
    });
    setup(onsubmit);
    await fireEvent.input(input(/^Name/), { target: { value: 'AP' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add scope item' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose who you are before recording');
  });

  test('a reason is required when asked for', async () => {
    const { onsubmit } = setup(undefined, { reason: { label: 'Reason for the amendment', hint: 'say why this entry is corrected' } });
    await fireEvent.input(input(/^Name/), { target: { value: 'AP' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add scope item' }));
    expect(await screen.findByText('Reason is required: say why this entry is corrected')).toBeInTheDocument();
    expect(onsubmit).not.toHaveBeenCalled();
    await fireEvent.input(input(/^Reason for the amendment/), { target: { value: 'typo' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add scope item' }));
    await waitFor(() => expect(onsubmit).toHaveBeenCalledOnce());
    expect(onsubmit.mock.calls[0][1]).toBe('typo');
  });

  test('Esc cancels at once when nothing was typed, and asks first when something was', async () => {
    const { oncancel } = setup();
    await fireEvent.keyDown(input(/^Name/), { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledOnce();

    await fireEvent.input(input(/^Name/), { target: { value: 'Half-typed' } });
    await fireEvent.keyDown(input(/^Name/), { key: 'Escape' });
    expect(await screen.findByText('Discard what you typed?')).toBeInTheDocument();
    expect(oncancel).toHaveBeenCalledOnce();
    await fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(oncancel).toHaveBeenCalledTimes(2);
  });
});
