import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from '#shared/runtime/observability.ts';

/** The one Middy chain every function uses: context in logs, EMF metrics flushed, X-Ray segment per invocation. */
export function lambdaHandler<TResult>(handler: (event: unknown, context: Context) => Promise<TResult>) {
  return middy(handler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
