import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler } from '../src/server.js';

test('health answers UP', () => {
  let status;
  let body;
  handler({ url: '/health' }, { writeHead: s => { status = s; }, end: b => { body = b; } });
  assert.equal(status, 200);
  assert.equal(JSON.parse(body).service, '${{ values.name }}');
});
