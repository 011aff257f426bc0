// Reading the API's errors: PocketBase's envelope {status, message, data}
// where data holds field errors, nested for collection fields
// (data.fields.2.name.message) and settings (data.smtp.host.message).

/** flatten turns nested field errors into {"fields.2.name": "message"}. */
export function fieldErrors(err) {
  const out = {};
  const walk = (v, prefix) => {
    if (!v || typeof v !== 'object') return;
    if (typeof v.message === 'string' && typeof v.code === 'string') {
      out[prefix] = v.message;
      return;
    }
    for (const [k, sub] of Object.entries(v)) walk(sub, prefix ? prefix + '.' + k : k);
  };
  walk(err?.response?.data ?? err?.data?.data, '');
  return out;
}

/** message is the sentence to show for an error. */
export function message(err) {
  if (!err) return '';
  if (err.isAbort) return 'The request was cancelled.';
  const m = err.response?.message || err.message || String(err);
  if (err.status === 0) return 'The server cannot be reached. ' + m;
  return m;
}

/** notAvailable reports a 404 of a route this server does not have yet. */
export function notAvailable(err) {
  return err?.status === 404;
}

/** position reads "at N:" from a filter or rule error message. */
export function errorPosition(msg) {
  const m = /\bat (\d+):/.exec(msg || '');
  return m ? Number(m[1]) : -1;
}
