import { describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.js';

// The validator compiles schemas on first use, so a schema strict mode rejects would otherwise
// surface as a 500 on the first request that reaches it.
describe('contracts', () => {
  it('contracts: every request and response schema of both contracts compiles in strict mode', () => {
    const { index, validator } = loadContracts();
    expect(index.operations.length).toBeGreaterThan(30);
    for (const op of index.operations) {
      expect(() => validator.checkRequest(op, { path: {}, query: {}, headers: {}, body: {} }), op.operationId).not.toThrow();
      for (const response of op.responses.values()) {
        if (response.schema) expect(() => validator.checkSchema(response.schema!, {}), `${op.operationId} ${response.status}`).not.toThrow();
      }
    }
  });
});
