export * from './figures.ts';
export * from './recommendations.ts';
export * from './report.ts';
export * from './statistics.ts';
