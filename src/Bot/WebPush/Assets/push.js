// Turning Web Push on for this browser on the account page: the service worker, a push subscription made with
// the server's VAPID key, and the subscription sent to the server (with the antiforgery token as a header).
'use strict';
(() => {
  const button = document.querySelector('button[data-push]');
  if (!button) {
    return;
  }

  const status = document.querySelector('[data-push-status]');
  const failed = document.querySelector('[data-push-failed]');
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    button.disabled = true;
    failed.hidden = false;
    return;
  }

  const key = (text) => {
    const base64 = (text + '==='.slice((text.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };

  button.addEventListener('click', async () => {
    button.disabled = true;
    failed.hidden = true;
    try {
      const registration = await navigator.serviceWorker.register(button.dataset.worker);
      await navigator.serviceWorker.ready;
      if (await Notification.requestPermission() !== 'granted') {
        throw new Error('permission');
      }

      const { publicKey } = await (await fetch(button.dataset.key)).json();
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(publicKey) });
      const response = await fetch(button.dataset.push, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': button.dataset.token },
        body: JSON.stringify(subscription),
        credentials: 'same-origin',
      });
      if (!response.ok) {
        throw new Error('subscribe: ' + response.status);
      }

      status.hidden = false;
    } catch (error) {
      console.warn('push', error);
      failed.hidden = false;
      button.disabled = false;
    }
  });
})();
