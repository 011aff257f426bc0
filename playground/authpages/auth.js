// The confirmation pages of the auth e-mails. The route is in the hash:
// #/auth/confirm-verification/<token>, #/auth/confirm-password-reset/<token>,
// #/auth/confirm-email-change/<token>, #/auth/oauth2-redirect-success and
// #/auth/oauth2-redirect-failure. The token names its collection.
'use strict';

const $ = (id) => document.getElementById(id);

function show(title, message, cls) {
  $('title').textContent = title;
  $('message').textContent = message;
  $('message').className = cls || '';
}

// collectionOf reads the collectionId claim of a token (unverified: the
// server verifies it).
function collectionOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part)).collectionId || '';
  } catch (e) {
    return '';
  }
}

async function post(token, action, body) {
  const res = await fetch('/api/collections/' + encodeURIComponent(collectionOf(token)) + '/' + action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(Object.assign({ token }, body)),
  });
  if (res.status === 204) return null;
  let data = {};
  try { data = await res.json(); } catch (e) { /* not JSON */ }
  const fields = Object.entries(data.data || {}).map(([k, v]) => (k === 'token' ? '' : k + ': ') + (v && v.message || ''));
  return fields.length ? fields.join(' ') : (data.message || 'The request failed (' + res.status + ').');
}

function form(rows, submitLabel, send) {
  for (const r of rows) $(r).hidden = false;
  $('submit').textContent = submitLabel;
  $('form').hidden = false;
  $('form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('submit').disabled = true;
    $('errors').textContent = '';
    const err = await send();
    $('submit').disabled = false;
    if (err) {
      $('errors').textContent = err;
      return;
    }
    $('form').hidden = true;
  });
}

async function route() {
  const m = location.hash.match(/^#\/auth\/([a-z0-9-]+)(?:\/([^/?#]+))?/);
  const page = m ? m[1] : '';
  const token = m && m[2] ? decodeURIComponent(m[2]) : '';
  switch (page) {
    case 'confirm-verification': {
      show('Verify your email', 'Verifying…');
      const err = await post(token, 'confirm-verification', {});
      if (err) show('Verify your email', 'Invalid or expired verification link. ' + err, 'error');
      else show('Verify your email', 'Your email address is verified. You can close this page.', 'ok');
      return;
    }
    case 'confirm-password-reset':
      show('Reset your password', 'Choose a new password.');
      form(['password-row', 'confirm-row'], 'Set new password', async () => {
        const err = await post(token, 'confirm-password-reset', { password: $('password').value, passwordConfirm: $('passwordConfirm').value });
        if (!err) show('Reset your password', 'Your password was changed. You can now sign in with it.', 'ok');
        return err;
      });
      return;
    case 'confirm-email-change':
      show('Confirm your new email', 'Enter your password to confirm the change.');
      form(['current-row'], 'Confirm new email', async () => {
        const err = await post(token, 'confirm-email-change', { password: $('currentPassword').value });
        if (!err) show('Confirm your new email', 'Your email address was changed. You can now sign in with it.', 'ok');
        return err;
      });
      return;
    case 'oauth2-redirect-success':
      show('Signed in', 'You can close this window and go back to the app.', 'ok');
      return;
    case 'oauth2-redirect-failure':
      show('Sign-in failed', 'The sign-in did not complete. Close this window and try again.', 'error');
      return;
  }
  show('monobase', 'Nothing to confirm here. The GraphQL playground is at /graphiql.');
}

window.addEventListener('DOMContentLoaded', route);
window.addEventListener('hashchange', () => location.reload());
