import { describe, expect, it } from 'vitest';
import { describeEmbeddedDatabase, describeMongoDatabase, mongoUriHosts } from '#local/runner/database-description.ts';

describe('how the command line names a database', () => {
  it.each([
    ['mongodb://db1:27017', 'mongodb://db1:27017'],
    ['mongodb://app:s3cr3t@db1:27017,db2:27017/leads?authSource=admin', 'mongodb://db1:27017,db2:27017'],
    ['mongodb+srv://app:p@ss@cluster0.example.net/?retryWrites=true', 'mongodb+srv://cluster0.example.net'],
    ['mongodb://user:pw@/tmp%2Fmongodb.sock', 'mongodb://<no host>'],
    ['postgres://user:pw@db/x', '<not a mongodb:// URI>'],
  ])('shows %s by its hosts only: %s', (uri, shown) => {
    expect(mongoUriHosts(uri)).toBe(shown);
  });

  it('never prints the credentials or the options of MONGODB_URI', () => {
    const text = describeMongoDatabase('mongodb://app:s3cr3t@db1:27017/leads?password=x', 'leads');
    expect(text).toBe('MongoDB at mongodb://db1:27017 (database leads, MONGODB_URI)');
    expect(text).not.toMatch(/s3cr3t|password/);
  });

  it('names the embedded data folder, or says the data is not kept', () => {
    expect(describeEmbeddedDatabase('/p/.embedded-mongo', 'lead_session_demo')).toBe(
      'embedded database in /p/.embedded-mongo (database lead_session_demo)',
    );
    expect(describeEmbeddedDatabase(null, 'x')).toBe('embedded database in memory, not kept (database x)');
  });
});
