import type { ActivationPageView, FieldProblem } from '../ports/views.js';
import { escapeHtml } from './html.js';

/** The form's fields, in the order the holder fills them (Mono's web flow: last four, alias, limit, PIN). */
const FIELDS = ['last_four', 'alias', 'limit', 'pin', 'pin_confirmation'] as const;
type Field = (typeof FIELDS)[number];

const OUTCOMES: Readonly<Record<string, { title: string; text: string }>> = {
  activated: { title: 'Your card is active', text: 'You can use it now. Your alias, monthly limit and PIN are set.' },
  failed: { title: 'This activation link failed', text: 'The card could not be activated with this link. Ask your card issuer for a new one.' },
  group_mismatch: {
    title: 'This card does not belong to this link',
    text: "The card's program does not match the one this link was made for (group mismatch). Ask your card issuer for a new link.",
  },
};

const fieldOf = (problem: FieldProblem): Field | null => {
  const name = problem.path?.replace(/^#\//, '');
  return (FIELDS as readonly string[]).includes(name ?? '') ? (name as Field) : null;
};

/** Whole units with Colombian thousands separators: 1500000 -> "1.500.000". */
const units = (minor: number) => String(Math.floor(minor / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

function input(field: Field, label: string, attributes: string, value: string, hint: string | null, problems: readonly FieldProblem[]): string {
  const mine = problems.filter((p) => fieldOf(p) === field);
  const described = [hint ? `${field}-hint` : '', mine.length ? `${field}-error` : ''].filter(Boolean).join(' ');
  return `  <div class="field">
    <label for="${field}">${escapeHtml(label)}</label>
    <input id="${field}" name="${field}" ${attributes} value="${escapeHtml(value)}"${mine.length ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}>
${hint ? `    <p class="hint" id="${field}-hint">${escapeHtml(hint)}</p>\n` : ''}${mine.length ? `    <p class="error" id="${field}-error" data-error-for="${field}">${mine.map((p) => escapeHtml(p.message)).join(' ')}</p>\n` : ''}  </div>`;
}

function form(view: ActivationPageView): string {
  const values = view.submitted?.values ?? {};
  const problems = view.submitted?.problems ?? [];
  const general = problems.filter((p) => fieldOf(p) === null);
  const limitHint = view.maxMonthlyLimit === null
    ? `In whole ${view.limitCurrency}, e.g. 1.500.000.`
    : `In whole ${view.limitCurrency}, at most ${units(view.maxMonthlyLimit)}.`;
  const attemptsHint = view.activation.wrongLastFourAttempts > 0 ? ` ${view.attemptsLeft} attempt${view.attemptsLeft === 1 ? '' : 's'} left.` : '';
  return `${general.length ? `<div class="alert" role="alert" data-error-for="form">${general.map((p) => escapeHtml(p.message)).join(' ')}</div>\n` : ''}<form method="post" action="${escapeHtml(view.formAction)}" novalidate>
${input('last_four', 'Last four digits of the card number', 'inputmode="numeric" autocomplete="off" maxlength="4"', values.last_four ?? '', `Printed on the front of the card you received.${attemptsHint}`, problems)}
${input('alias', 'Card alias', 'maxlength="64" autocomplete="off"', values.alias ?? view.activation.nickname ?? '', '5 to 64 characters.', problems)}
${input('limit', `Monthly spending limit (${view.limitCurrency})`, 'inputmode="numeric" autocomplete="off"', values.limit ?? '', limitHint, problems)}
${input('pin', 'PIN', 'type="password" inputmode="numeric" autocomplete="new-password" maxlength="4"', '', 'Four digits.', problems)}
${input('pin_confirmation', 'PIN again', 'type="password" inputmode="numeric" autocomplete="new-password" maxlength="4"', '', null, problems)}
  <button type="submit">Activate card</button>
</form>`;
}

/**
 * The holder's activation page (the link's `url`): a pure function of its view, with no script
 * and nothing from another host. Everything shown from data is escaped. Pending: the form, with
 * any problems next to their fields; ended: the outcome.
 */
export function renderActivationPage(view: ActivationPageView): string {
  const { activation, holder, card } = view;
  const outcome = OUTCOMES[activation.state];
  const name = `${holder.first_name} ${holder.last_name}`;
  const body = outcome
    ? `<h1>${escapeHtml(outcome.title)}</h1>\n<p class="outcome">${escapeHtml(outcome.text)}</p>${activation.state === 'activated' && card.nickname ? `\n<p>Alias: <strong data-field="alias">${escapeHtml(card.nickname)}</strong></p>` : ''}`
    : `<h1>Activate your card</h1>\n<p>Hello ${escapeHtml(name)}. Enter the details below to activate the plastic card you received.</p>\n${form(view)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Card activation</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #f3f4f6; color: #111827; }
  main { max-width: 420px; margin: 40px auto; background: #fff; border-radius: 12px; padding: 24px 28px; box-shadow: 0 1px 3px rgba(0,0,0,.1); }
  h1 { font-size: 22px; margin: 0 0 8px; }
  .field { margin: 16px 0; }
  label { display: block; font-weight: 600; margin-bottom: 4px; }
  input { width: 100%; box-sizing: border-box; padding: 8px 10px; font-size: 16px; border: 1px solid #9ca3af; border-radius: 6px; }
  input[aria-invalid="true"] { border-color: #b91c1c; }
  .hint { margin: 4px 0 0; font-size: 13px; color: #4b5563; }
  .error { margin: 4px 0 0; font-size: 13px; color: #b91c1c; }
  .alert { padding: 10px 12px; background: #fef2f2; color: #991b1b; border-radius: 6px; }
  button { width: 100%; padding: 10px; font-size: 16px; color: #fff; background: #1a1f71; border: 0; border-radius: 6px; cursor: pointer; }
</style>
</head>
<body>
<main data-activation-id="${escapeHtml(activation.id)}" data-state="${escapeHtml(activation.state)}">
${body}
</main>
</body>
</html>
`;
}
