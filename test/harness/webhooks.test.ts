import { afterEach, describe, expect, it } from 'vitest';
import { checkWebhookPayload, type ContractVerdict } from '../../src/contract-check.js';
import { computeSignature, parseSignatureHeader, signatureHeader, checkMonoSignature } from '../../src/signature.js';
import { expectWebhook } from '../../src/webhook-expect.js';
import { startWebhookSink, type WebhookSink } from '../../src/webhook-sink.js';

const SECRET = 'whsec_test_secret_0123456789abcdef';
const BODY = '{"event":{"type":"card_state_changed","data":{"card":{"id":"car_1","state":"frozen"},"previous_state":"active"}},"timestamp":"2026-03-02T12:00:00.000000Z"}';
const NOW = Date.parse('2026-03-02T12:00:00Z');
const T = NOW / 1000;

describe('Mono-Signature', () => {
  it('a signature made with the secret over "<t>.<raw body>" verifies', () => {
    expect(checkMonoSignature(BODY, signatureHeader(BODY, SECRET, T), SECRET, { now: NOW })).toEqual({ valid: true });
  });

  it('it is HMAC-SHA256 in hex of "<t>.<body>", as Mono documents', async () => {
    const { createHmac } = await import('node:crypto');
    expect(computeSignature(BODY, SECRET, T)).toBe(createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex'));
  });

  it('any one of several v1 signatures may match (secret rotation)', () => {
    const header = `t=${T},v1=${'0'.repeat(64)},v1=${computeSignature(BODY, SECRET, T)}`;
    expect(parseSignatureHeader(header).signatures).toHaveLength(2);
    expect(checkMonoSignature(BODY, header, SECRET, { now: NOW }).valid).toBe(true);
  });

  it('a changed body, another secret, a missing or malformed header, or an old timestamp fail with the reason', () => {
    const header = signatureHeader(BODY, SECRET, T);
    expect(checkMonoSignature(`${BODY} `, header, SECRET, { now: NOW }).reason).toMatch(/no v1 signature matches/);
    expect(checkMonoSignature(BODY, header, 'whsec_another_secret_000000000', { now: NOW }).valid).toBe(false);
    // §15's signature is 64 lowercase hex digits: the right one with anything added or upper-cased is not it.
    const right = computeSignature(BODY, SECRET, T);
    for (const near of [`${right}ZZZZ`, `${right}0`, right.toUpperCase()]) expect(checkMonoSignature(BODY, `t=${T},v1=${near}`, SECRET, { now: NOW }).valid, near).toBe(false);
    expect(checkMonoSignature(BODY, undefined, SECRET, { now: NOW }).reason).toBe('no Mono-Signature header');
    expect(checkMonoSignature(BODY, `v1=${computeSignature(BODY, SECRET, T)}`, SECRET, { now: NOW }).reason).toMatch(/no t=/);
    expect(checkMonoSignature(BODY, `t=${T}`, SECRET, { now: NOW }).reason).toMatch(/no v1=/);
    expect(checkMonoSignature(BODY, header, SECRET, { now: NOW + 301_000 }).reason).toBe(`Mono-Signature t=${T} is 301 s away from now (tolerance 300 s)`);
    expect(checkMonoSignature(BODY, header, SECRET, { now: NOW + 301_000, toleranceSeconds: 600 }).valid).toBe(true);
    expect(checkMonoSignature(BODY, `t=${T},v1=abc`, SECRET, { now: NOW }).valid).toBe(false);
  });
});

describe('webhook sink and expectations', () => {
  let sink: WebhookSink | undefined;
  afterEach(async () => {
    await sink?.close();
  });

  const deliver = (body: string, headers: Record<string, string>) =>
    fetch(`${sink!.url}/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signedNow = (body: string, secret = SECRET) => ({ 'mono-signature': signatureHeader(body, secret, Math.floor(Date.now() / 1000)) });
  const noAnswers = { sameAs: () => ({ found: false }) };
  const payloadOk = (): ContractVerdict => ({ operation: 'webhook', violations: [] });
  const expectation = { event: 'card_state_changed', match: { card: { id: 'car_1', state: 'frozen' } }, within: 2, signature: 'valid' as const };

  it('the sink keeps the raw body and headers and answers 200', async () => {
    sink = await startWebhookSink();
    const answer = await deliver(BODY, { 'mono-signature': 't=1,v1=aa' });
    expect(answer.status).toBe(200);
    expect(sink.received).toEqual([expect.objectContaining({ path: '/webhooks', rawBody: BODY, headers: expect.objectContaining({ 'mono-signature': 't=1,v1=aa' }) })]);
  });

  it('a matching, validly signed delivery that arrives within the time satisfies the expectation; others are ignored', async () => {
    sink = await startWebhookSink();
    const since = Date.now();
    const other = BODY.replace('car_1', 'car_2');
    setTimeout(() => {
      void deliver(other, signedNow(other)).then(() => deliver(BODY, signedNow(BODY)));
    }, 50);
    const outcome = await expectWebhook(sink, expectation, SECRET, since, noAnswers, payloadOk);
    expect(outcome.failures).toEqual([]);
    expect(outcome.delivery!.rawBody).toBe(BODY);
  });

  it('a delivery signed with another secret fails with the reason', async () => {
    sink = await startWebhookSink();
    const since = Date.now();
    await deliver(BODY, signedNow(BODY, 'whsec_not_the_registered_one_00'));
    const outcome = await expectWebhook(sink, expectation, SECRET, since, noAnswers, payloadOk);
    expect(outcome.failures).toEqual([{ path: '$.headers["mono-signature"]', message: expect.stringContaining('no v1 signature matches') }]);
    expect((await expectWebhook(sink, { ...expectation, signature: 'any' }, SECRET, since, noAnswers, payloadOk)).failures).toEqual([]);
  });

  it('no matching delivery within the time fails, saying what came instead', async () => {
    sink = await startWebhookSink();
    const since = Date.now();
    const other = BODY.replace('"frozen"', '"active"');
    await deliver(other, signedNow(other));
    const started = Date.now();
    const outcome = await expectWebhook(sink, { ...expectation, within: 0.3 }, SECRET, since, noAnswers, payloadOk);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(outcome.failures).toEqual([
      { path: '$.event', message: 'no card_state_changed webhook matching within 0.3 s; 1 card_state_changed delivery did not match, the last: $.event.data.card.state expected "frozen", got "active"' },
    ]);
  });

  it('deliveries from before the step do not count', async () => {
    sink = await startWebhookSink();
    await deliver(BODY, signedNow(BODY));
    const outcome = await expectWebhook(sink, { ...expectation, within: 0.1 }, SECRET, Date.now() + 1, noAnswers, payloadOk);
    expect(outcome.failures[0]!.message).toMatch(/^no card_state_changed webhook matching within 0.1 s; received meanwhile: \[\]/);
  });

  it('$same_as in a webhook match compares with the same field of that step\'s answer body', async () => {
    sink = await startWebhookSink();
    const since = Date.now();
    await deliver(BODY, signedNow(BODY));
    const answers = { sameAs: (step: string, path: readonly (string | number)[]) => ({ found: step === 'create' && path.join('.') === 'body.card.id', value: 'car_1' }) };
    const outcome = await expectWebhook(sink, { ...expectation, match: { card: { id: { $same_as: 'create' } } } }, SECRET, since, answers, payloadOk);
    expect(outcome.failures).toEqual([]);
  });

  it('payload violations of the contract are failures; an event the contract does not know is one', async () => {
    sink = await startWebhookSink();
    const since = Date.now();
    await deliver(BODY, signedNow(BODY));
    const broken = (): ContractVerdict => ({ operation: 'webhook', violations: [{ path: '$.body.timestamp', message: 'must match pattern' }] });
    const outcome = await expectWebhook(sink, expectation, SECRET, since, noAnswers, broken);
    expect(outcome.failures).toEqual([{ path: '$.body.timestamp', message: 'contract (webhooks.card_state_changed): must match pattern', contract: true }]);
    expect(checkWebhookPayload('no_such_event', {}).violations).toEqual([{ path: '$.body', message: 'contracts/mono.openapi.yaml has no webhooks.no_such_event payload schema' }]);
  });
});
