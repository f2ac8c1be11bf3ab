import { describe, expect, it } from 'vitest';
import { describeStepError } from '#shared/jobs/process-batch.ts';

describe('describeStepError', () => {
  it('keeps the error name and the Lambda error message', () => {
    const cause = JSON.stringify({ errorType: 'TypeError', errorMessage: 'batch 7 could not be read' });
    expect(describeStepError({ Error: 'TypeError', Cause: cause })).toBe('TypeError: batch 7 could not be read');
  });

  it('masks credentials in any URL, Authorization and Cookie values, not only mongodb:// addresses', () => {
    const cause = JSON.stringify({
      errorMessage:
        'failed: mongodb+srv://ops:pa55word-SECRET@cluster0.example.net/leads, ' +
        'proxy https://agent:hunter2-SECRET@proxy.example.com, Authorization: Bearer eyJ-SECRET-token, ' +
        'Cookie: session_token=abc-SECRET',
    });
    const described = describeStepError({ Error: 'MongoServerSelectionError', Cause: cause });
    expect(described).toMatch(/^MongoServerSelectionError: failed: /);
    expect(described).not.toContain('SECRET');
    expect(described).toContain('proxy.example.com');
  });

  it('stays within 500 characters', () => {
    expect(describeStepError({ Error: 'Error', Cause: 'x'.repeat(5_000) })).toHaveLength(500);
  });
});
