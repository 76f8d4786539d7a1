// Passkeys on ChildCare's account pages. A form with data-passkey="create" or "get" first asks the server
// (data-options) for the ceremony's options, lets the browser make or use the passkey, puts the answer in
// the hidden "credential" field and then submits the form as usual. No other script runs on these pages.
'use strict';
(() => {
  const form = document.querySelector('form[data-passkey]');
  if (!form) {
    return;
  }

  const field = form.elements.namedItem('credential');
  const failed = form.querySelector('[data-passkey-failed]');
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) {
      return;
    }

    button.disabled = true;
    failed.hidden = true;
    try {
      const response = await fetch(form.dataset.options, { method: 'POST', body: new FormData(form), credentials: 'same-origin' });
      if (!response.ok) {
        throw new Error('options: ' + response.status);
      }

      const options = await response.json();
      const credential = form.dataset.passkey === 'create'
        ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
        : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
      field.value = JSON.stringify(credential);
      form.submit();
    } catch (error) {
      console.warn('passkey', error);
      failed.hidden = false;
      button.disabled = false;
    }
  });
})();
