import type { CardLookView } from '../ports/views.js';
import { escapeHtml } from './html.js';

/**
 * The page behind a look URL: the one place the full number, expiry and CVV are shown, as
 * Mono's embeddable card iframe does (§9 #6). It is never cached and never sends a referrer.
 */
export function renderCardLookPage({ card, holder, secret }: CardLookView): string {
  const number = secret.pan.replace(/(\d{4})(?=\d)/g, '$1 ');
  const expiry = `${String(secret.expMonth).padStart(2, '0')}/${String(secret.expYear % 100).padStart(2, '0')}`;
  const name = escapeHtml(`${holder.first_name} ${holder.last_name}`.toUpperCase());
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tarjeta ${escapeHtml(card.maskedPan)}</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; display: grid; place-items: center; min-height: 100vh; background: #f3f4f6; }
  .card { width: 340px; aspect-ratio: 1.586; border-radius: 16px; padding: 24px; box-sizing: border-box; color: #fff;
          background: linear-gradient(135deg, #1a1f71, #4a56c9); display: flex; flex-direction: column; justify-content: space-between; }
  .top { display: flex; justify-content: space-between; font-size: 14px; opacity: .9; }
  .number { font-size: 22px; letter-spacing: 2px; font-variant-numeric: tabular-nums; }
  .row { display: flex; justify-content: space-between; font-size: 13px; }
  .label { display: block; font-size: 10px; opacity: .7; text-transform: uppercase; }
</style>
</head>
<body>
<div class="card" data-card-id="${card.id}" data-state="${card.state}">
  <div class="top"><span>mono · ${card.type === 'virtual' ? 'virtual' : 'física'}</span><strong>VISA</strong></div>
  <div class="number" data-field="pan">${number}</div>
  <div class="row">
    <span><span class="label">Titular</span><span data-field="name">${name}</span></span>
    <span><span class="label">Vence</span><span data-field="expiry">${expiry}</span></span>
    <span><span class="label">CVV</span><span data-field="cvv">${secret.cvv}</span></span>
  </div>
</div>
</body>
</html>
`;
}
