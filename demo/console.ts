// Registers <portico-console> for the staff console page.
import '../components/console/define.ts';

// The firm the console signs in to: `?firm=<slug>` in the address, else the page's own (`demo`).
// A new firm's owner signs in from an emailed link; the console turns to that firm and says so,
// and the address keeps it, so that a reload stays with it.
const console_ = document.querySelector('portico-console');
const wanted = new URLSearchParams(location.search).get('firm');
if (console_ && wanted && /^[a-z0-9-]{3,40}$/.test(wanted)) console_.setAttribute('firm', wanted);
console_?.addEventListener('portico-firm-change', (event) => {
  const url = new URL(location.href);
  url.searchParams.set('firm', (event as CustomEvent<{ firm: string }>).detail.firm);
  history.replaceState(history.state, '', url);
});
