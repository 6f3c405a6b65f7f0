/**
 * The Test Explorer's request: every expectation of a file run as a test, in an engine worker (the server's thread
 * only passes the text on). The text comes with the request, so files that are not open can be tested too.
 */
import { maxInputBytes } from '../language/limits';
import { ExpectationTestsRequest } from '../protocol';
import type { Feature } from '../server';

export const expectationTestsFeature: Feature = {
  capabilities: {},
  register(ctx) {
    ctx.connection.onRequest(
      ExpectationTestsRequest.type,
      ctx.guard('expectationTests', null, (params: unknown) => {
        if (typeof params !== 'object' || params === null) return null;
        const { uri, text } = params as Record<string, unknown>;
        if (typeof uri !== 'string' || typeof text !== 'string' || text.length > maxInputBytes) return null;
        return ctx.runs.test(text);
      }),
    );
  },
};
