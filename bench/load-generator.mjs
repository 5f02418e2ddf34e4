// The load generator: a process of its own (started by bench/load.ts with an
// IPC channel), so that sending requests and reading answers costs neither
// the gateway nor the process that measures it. autocannon drives the load.
//
// Each message is one window: { url, method?, headers?, body?, expectedBody, connections, amount | seconds }.
// Every answer must be exactly `expectedBody` (the queries are reads of a
// sandbox that does not change under them, so the same query gets the same
// bytes): a non-200 status, a body with "errors", a null where data was or a
// different image all count as errors, with the first one kept as a sample.
// With `amount`, the window is that many requests, all answered before it
// ends: no request is in flight at either edge, so CPU and upstream calls
// divide by exactly the requests that caused them.
//
// The answer: { requests, seconds, requestsPerSecond, p50, p99, errors, errorSample }.

import autocannon from 'autocannon';

process.on('message', (message) => {
  if (message === 'exit') {
    process.exit(0);
    return;
  }
  void run(message).then(
    (result) => process.send(result),
    (error) => process.send({ failure: String(error?.stack ?? error) }),
  );
});

async function run({ url, method = 'POST', headers, body, expectedBody, connections, amount, seconds }) {
  let errorSample;
  const result = await autocannon({
    url,
    method,
    headers: headers ?? { 'content-type': 'application/json' },
    body,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    // Whatever the gateway's answer, a request that takes this long is an error, not a number.
    timeout: 30,
    verifyBody: (answer) => {
      if (answer === expectedBody) return true;
      errorSample ??= answer.slice(0, 500);
      return false;
    },
  });
  const answered = result.requests.total;
  // A non-2xx answer is also a mismatch (its body is not the expected one): counted once.
  const errors = Math.max(result.non2xx, result.mismatches) + result.errors + result.timeouts;
  if (result.non2xx > 0) errorSample ??= `HTTP status other than 2xx on ${result.non2xx} requests`;
  if (result.errors > 0) errorSample ??= `${result.errors} connection errors`;
  return {
    requests: answered,
    seconds: result.duration,
    requestsPerSecond: answered / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    errorSample,
  };
}
