// ChildCare's service worker: shows the alerts and reminders pushed to an official's browser, with the same
// buttons as in Telegram; a tap on a button is posted back to the server, a tap on the notification opens the site.
'use strict';

self.addEventListener('push', (event) => {
  const message = event.data ? event.data.json() : null;
  if (!message) {
    return;
  }

  event.waitUntil(self.registration.showNotification(message.title, {
    body: message.body,
    tag: message.tag,
    actions: message.actions || [],
    data: { url: message.url, endpoint: message.endpoint, secret: message.secret },
  }));
});

self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  if (event.action) {
    event.waitUntil(fetch(new URL('push/action', self.registration.scope), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: data.endpoint, secret: data.secret, action: event.action }),
    }));
    return;
  }

  event.waitUntil(self.clients.openWindow(data.url || self.registration.scope));
});
