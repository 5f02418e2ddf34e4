// The sign-in form, when the gateway wants client credentials. What is typed
// goes into React state only (App keeps it in memory, never in Web Storage or
// a cookie); the fields are cleared once it is taken.

import { useId, useState } from 'react';
import type { Credential } from './credential.js';
import type { AuthMethod } from './page-config.js';

export function SignIn(props: {
  methods: readonly AuthMethod[];
  problem?: string;
  onSignIn: (credential: Credential) => void;
}) {
  const [apiKey, setApiKey] = useState('');
  const [token, setToken] = useState('');
  const [missing, setMissing] = useState(false);
  const keyId = useId();
  const tokenId = useId();
  const withKey = props.methods.includes('apikey');
  const withToken = props.methods.includes('jwt');
  return (
    <main className="sign-in">
      <h1>Image catalog</h1>
      <form
        aria-labelledby={`${keyId}-title`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const credential: Credential | undefined = apiKey.trim()
            ? { kind: 'apikey', secret: apiKey.trim() }
            : token.trim()
              ? { kind: 'bearer', secret: token.trim() }
              : undefined;
          if (!credential) return setMissing(true);
          setApiKey('');
          setToken('');
          props.onSignIn(credential);
        }}
      >
        <h2 id={`${keyId}-title`}>Sign in</h2>
        <p>
          This gateway needs a credential. It stays in this tab&apos;s memory and is gone when you close or reload it.
        </p>
        {props.problem && <p role="alert">{props.problem}</p>}
        {missing && (
          <p role="alert">
            Enter {withKey && withToken ? 'an API key or a bearer token' : withKey ? 'an API key' : 'a bearer token'}.
          </p>
        )}
        {withKey && (
          <div className="field">
            <label htmlFor={keyId}>API key</label>
            <input
              id={keyId}
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
            />
          </div>
        )}
        {withToken && (
          <div className="field">
            <label htmlFor={tokenId}>Bearer token</label>
            <input
              id={tokenId}
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </div>
        )}
        <div className="form-buttons">
          <button type="submit" className="primary">
            Sign in
          </button>
        </div>
      </form>
    </main>
  );
}
